/*
 * The few statements every RADIUS packet runs (the cache's version check, profile loads, the
 * grouped radpostauth and radacct writes), run on the driver of the tenant's Lucid connection
 * itself: the same pool and connections, without Lucid's and knex's query objects, binding
 * rewrites and (on SQLite) a fresh prepare for every call, which took about a tenth of our
 * server's CPU per login (bench/radius/README.md). Everything else goes through Lucid.
 *
 * No transaction is ever open here (each statement commits alone), so sharing the pool with
 * Lucid is safe: a connection comes back exactly as it went out. Between statements a
 * connection is kept for the next one (connection_lease.ts) rather than returned at once.
 */
import db from '@adonisjs/lucid/services/db'
import { leaseOf, type PoolClient } from './connection_lease.js'
import { dialectOf } from './sql_dialect.js'
import { sqlBindings, type SqlValue } from './tenant_db.js'

/** A row of a result, by column name. */
export type SqlRow = Record<string, unknown>

type MysqlCallback = (error: Error | null, result: unknown) => void

interface MysqlConnection {
  query(options: { sql: string; values: readonly SqlValue[] }, callback: MysqlCallback): void
  execute(options: { sql: string; values: readonly SqlValue[] }, callback: MysqlCallback): void
  destroy(): void
}

interface SqliteStatement {
  readonly reader: boolean
  all(...values: SqlValue[]): SqlRow[]
  run(...values: SqlValue[]): unknown
}

interface SqliteDatabase {
  prepare(sql: string): SqliteStatement
}

// Statements are prepared once per SQLite connection; the texts are a handful of constants
// and one per batch size of the grouped writes (at most their batch limit each).
const sqliteStatements = new WeakMap<SqliteDatabase, Map<string, SqliteStatement>>()

function sqliteStatement(database: SqliteDatabase, sql: string): SqliteStatement {
  let statements = sqliteStatements.get(database)
  if (!statements) sqliteStatements.set(database, (statements = new Map()))
  let statement = statements.get(sql)
  if (!statement) statements.set(sql, (statement = database.prepare(sql)))
  return statement
}

function mysqlQuery(
  connection: MysqlConnection,
  sql: string,
  values: readonly SqlValue[],
  prepared: boolean
) {
  return new Promise<unknown>((resolve, reject) => {
    const done: MysqlCallback = (error, result) => (error ? reject(error) : resolve(result))
    if (prepared) connection.execute({ sql, values }, done)
    else connection.query({ sql, values }, done)
  })
}

/** The knex client of a Lucid connection (connecting it when it is not), and its driver. */
function poolOf(connectionName: string): { pool: PoolClient; driver: string } | undefined {
  db.manager.connect(connectionName)
  const connection = db.manager.get(connectionName)?.connection as
    { client?: { client: PoolClient }; clientName: string } | undefined
  if (!connection?.client) return undefined
  return { pool: connection.client.client, driver: connection.clientName }
}

/** What a statement returned: its rows (a SELECT) or the rows it matched (a write). */
interface Outcome {
  rows: SqlRow[]
  affected: number
}

async function run(
  connectionName: string,
  sql: string,
  values: readonly SqlValue[],
  prepared = false
): Promise<Outcome> {
  const target = poolOf(connectionName)
  if (!target || (target.driver !== 'mysql2' && target.driver !== 'better-sqlite3')) {
    // Any other driver: through Lucid, the slow way.
    const client = db.connection(connectionName)
    const dialect = dialectOf(client)
    const result = await client.rawQuery(sql, sqlBindings(values))
    const rows = dialect.rows<SqlRow>(result)
    if (Array.isArray(rows)) return { rows, affected: 0 }
    return { rows: [], affected: dialect.affected(result) }
  }
  const { pool, driver } = target
  const lease = leaseOf(pool)
  const connection = lease.kept() ?? (await pool.acquireConnection())
  try {
    if (driver === 'mysql2') {
      const result = await mysqlQuery(connection as MysqlConnection, sql, values, prepared)
      // mysql2 connects with FOUND_ROWS: affectedRows counts the rows matched.
      if (Array.isArray(result)) return { rows: result, affected: 0 }
      return { rows: [], affected: Number((result as { affectedRows?: number }).affectedRows) }
    }
    const statement = sqliteStatement(connection as SqliteDatabase, sql)
    if (statement.reader) return { rows: statement.all(...values), affected: 0 }
    const { changes } = statement.run(...values) as { changes: number }
    return { rows: [], affected: changes }
  } finally {
    lease.give(connection)
  }
}

/**
 * Runs one statement on the tenant connection `connectionName`: the rows of a SELECT, else
 * an empty array. Bindings are `?` placeholders in order, as with Lucid's rawQuery.
 */
export async function driverQuery<Row = SqlRow>(
  connectionName: string,
  sql: string,
  values: readonly SqlValue[] = []
): Promise<Row[]> {
  const { rows } = await run(connectionName, sql, values)
  return rows as Row[]
}

/**
 * Runs one INSERT / UPDATE / DELETE like driverQuery; resolves with the rows it matched.
 * `prepared`: a server-side prepared statement on MySQL (parsed once per connection, ~25% less
 * of MariaDB's CPU per run); only for a fixed statement text, as mysql2 keeps few of them per
 * connection (MYSQL2_OPTIONS). Numbers are then bound as doubles: exact up to 2^53.
 */
export async function driverWrite(
  connectionName: string,
  sql: string,
  values: readonly SqlValue[] = [],
  options: { prepared?: boolean } = {}
): Promise<number> {
  const { affected } = await run(connectionName, sql, values, options.prepared)
  return affected
}

/** One statement and its bindings. */
export interface SqlStatement {
  sql: string
  values: readonly SqlValue[]
}

/**
 * Runs `statements` in one transaction and one round trip (one query of several statements) on
 * `connectionName`, a MySQL connection with multipleStatements (shared_statements.ts): one
 * commit and one log flush for all. Resolves with the rows each statement matched (a SELECT:
 * 0). When one fails, the transaction is rolled back before the connection is kept for others,
 * and the error thrown.
 */
export async function driverTransaction(
  connectionName: string,
  statements: readonly SqlStatement[]
): Promise<number[]> {
  const target = poolOf(connectionName)
  if (target?.driver !== 'mysql2') throw new Error(`${connectionName} is not a MySQL connection`)
  const { pool } = target
  const lease = leaseOf(pool)
  const connection = (lease.kept() ?? (await pool.acquireConnection())) as MysqlConnection
  const sql = ['START TRANSACTION', ...statements.map((statement) => statement.sql), 'COMMIT']
  try {
    const values = statements.flatMap((statement) => statement.values)
    const results = (await mysqlQuery(connection, sql.join(';\n'), values, false)) as unknown[]
    // One result per statement, START TRANSACTION's first.
    return statements.map((_, at) =>
      Number((results[at + 1] as { affectedRows?: number }).affectedRows ?? 0)
    )
  } catch (error) {
    // The statements after the failing one did not run, and the transaction is still open.
    await mysqlQuery(connection, 'ROLLBACK', [], false).catch(() => connection.destroy())
    throw error
  } finally {
    lease.give(connection)
  }
}
