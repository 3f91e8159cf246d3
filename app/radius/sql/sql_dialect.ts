/*
 * The few SQL fragments that differ between the tenant database engines (MySQL/MariaDB and
 * SQLite), one small file per dialect, picked by the connection's client (STYLE.md §4).
 */
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { mysqlDialect } from './mysql_dialect.js'
import { sqliteDialect } from './sqlite_dialect.js'

/** SQL that differs by engine. Expressions are returned as SQL text; callers bind values. */
export interface SqlDialect {
  readonly name: 'mysql' | 'sqlite'
  /** Rows of a raw SELECT. */
  rows<Row>(result: unknown): Row[]
  /** Rows changed by a raw INSERT / UPDATE / DELETE. */
  affected(result: unknown): number
  /** The larger of two values (NULL when either is NULL: wrap in COALESCE). */
  greatest(left: string, right: string): string
  /** Starts the update part of an upsert on the unique `column`. */
  onConflictUpdate(column: string): string
  /** The value the upsert tried to insert into `column`, inside the update part. */
  inserted(column: string): string
  /** Whole seconds from the datetime `from` to the datetime `to`. */
  secondsBetween(from: string, to: string): string
  /** The datetime `time` minus `seconds` (an SQL expression). */
  minusSeconds(time: string, seconds: string): string
}

/** The dialect of a tenant connection (or transaction). */
export function dialectOf(client: Pick<QueryClientContract, 'dialect'>): SqlDialect {
  switch (client.dialect.name) {
    case 'mysql':
      return mysqlDialect
    case 'better-sqlite3':
    case 'sqlite3':
    case 'libsql':
      return sqliteDialect
    default:
      throw new Error(`RADIUS tables are not supported on ${client.dialect.name}`)
  }
}
