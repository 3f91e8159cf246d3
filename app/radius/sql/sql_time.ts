/*
 * Datetimes as the RADIUS tables store them: 'YYYY-MM-DD HH:MM:SS' in UTC (the app runs with
 * TZ=UTC and MySQL connections use timezone 'Z'). Bound as strings: knex turns a Date into
 * epoch milliseconds for SQLite.
 */

/** `date` as an SQL DATETIME in UTC, whole seconds. */
export function toSqlTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ')
}

/** `date` with milliseconds (radpostauth.authdate is DATETIME(6)). */
export function toSqlTimeMs(date: Date): string {
  return date.toISOString().slice(0, 23).replace('T', ' ')
}

/** A DATETIME read back: a Date from mysql2, UTC text from SQLite; null stays null. */
export function fromSqlTime(value: unknown): Date | null {
  if (value === null || value === undefined) return null
  if (value instanceof Date) return value
  return new Date(`${String(value).replace(' ', 'T')}Z`)
}
