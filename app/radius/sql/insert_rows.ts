/*
 * Many rows in few round trips: `INSERT … VALUES (…), (…)` statements of at most 2,000 rows,
 * within the bind-parameter limits of both databases. For voucher batches and imports.
 */
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { sqlBindings, type SqlValue } from './tenant_db.js'

// SQLite binds at most 32,766 values per statement; MySQL's limit is the packet size.
const MAX_BINDINGS = 30_000
const MAX_ROWS = 2_000

/** Inserts `rows` (values in `columns` order) into `table` through `client`. */
export async function insertRows(
  client: Pick<QueryClientContract, 'rawQuery'>,
  table: string,
  columns: readonly string[],
  rows: readonly SqlValue[][]
): Promise<void> {
  const perStatement = Math.min(MAX_ROWS, Math.floor(MAX_BINDINGS / columns.length))
  const tuple = `(${columns.map(() => '?').join(', ')})`
  for (let start = 0; start < rows.length; start += perStatement) {
    const slice = rows.slice(start, start + perStatement)
    const sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${slice.map(() => tuple).join(', ')}`
    await client.rawQuery(sql, sqlBindings(slice.flat()))
  }
}
