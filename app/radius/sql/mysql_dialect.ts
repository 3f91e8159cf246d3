import type { SqlDialect } from './sql_dialect.js'

/**
 * MySQL / MariaDB. Beware: the assignments of `ON DUPLICATE KEY UPDATE` run left to right and
 * later ones see the columns already updated; upsert builders order them for that.
 */
export const mysqlDialect: SqlDialect = {
  name: 'mysql',
  // mysql2 answers [rows or ResultSetHeader, fields].
  rows: <Row>(result: unknown) => (result as [Row[]])[0],
  affected: (result) => (result as [{ affectedRows: number }])[0].affectedRows,
  greatest: (left, right) => `GREATEST(${left}, ${right})`,
  onConflictUpdate: () => 'ON DUPLICATE KEY UPDATE',
  // MariaDB has no `AS new` row alias; VALUES() works on both.
  inserted: (column) => `VALUES(${column})`,
  secondsBetween: (from, to) => `TIMESTAMPDIFF(SECOND, ${from}, ${to})`,
  minusSeconds: (time, seconds) => `(${time} - INTERVAL (${seconds}) SECOND)`,
}
