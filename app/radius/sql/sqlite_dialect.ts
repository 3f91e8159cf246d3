import type { SqlDialect } from './sql_dialect.js'

/** SQLite: datetimes are 'YYYY-MM-DD HH:MM:SS' text in UTC, compared as strings. */
export const sqliteDialect: SqlDialect = {
  name: 'sqlite',
  // knex + better-sqlite3 answers the rows of a SELECT, `{ changes }` for anything else.
  rows: <Row>(result: unknown) => result as Row[],
  affected: (result) => (result as { changes: number }).changes,
  greatest: (left, right) => `MAX(${left}, ${right})`,
  onConflictUpdate: (column) => `ON CONFLICT(${column}) DO UPDATE SET`,
  inserted: (column) => `excluded.${column}`,
  secondsBetween: (from, to) =>
    `(CAST(strftime('%s', ${to}) AS INTEGER) - CAST(strftime('%s', ${from}) AS INTEGER))`,
  minusSeconds: (time, seconds) => `datetime(${time}, '-' || (${seconds}) || ' seconds')`,
}
