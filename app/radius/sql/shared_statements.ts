/*
 * Which tenants' hot-path statements can be shared: databases on one MySQL server reached with
 * one account (the mysql driver's tenants) read and write each other's tables by qualified
 * name, so one statement (or one transaction), on any of their connections, serves them all in
 * one round trip (and one snapshot). Any other connection (SQLite, a cPanel tenant's own
 * account) is a group of its own.
 */
import { createHash } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import type { MysqlConfig } from '@adonisjs/lucid/types/database'

/** A tenant connection's group, and how a shared statement names its tables. */
export interface StatementGroup {
  /** Equal for the connections that can share a statement. */
  key: string
  /** Prefix of its tables in a shared statement (`` `db`. ``); '' alone. */
  schema: string
}

function groupOf(connectionName: string, config: unknown): StatementGroup {
  const { client, connection } = (config ?? {}) as {
    client?: unknown
    connection?: {
      host?: string
      port?: number
      socketPath?: string
      user?: string
      database?: string
    }
  }
  if (client !== 'mysql2' || !connection?.database) return { key: connectionName, schema: '' }
  const server = connection.socketPath ?? `${connection.host}:${connection.port}`
  const schema = '`' + connection.database.replaceAll('`', '``') + '`.'
  return { key: `mysql ${server} ${connection.user}`, schema }
}

const groups = new Map<string, { config: unknown; group: StatementGroup }>()

/**
 * The group of a tenant connection as configured now (a tenant moved to another server is
 * registered again with a new config, and gets its new group).
 */
export function statementGroupOf(connectionName: string): StatementGroup {
  const config = db.manager.get(connectionName)?.config
  const known = groups.get(connectionName)
  if (known && known.config === config) return known.group
  const group = groupOf(connectionName, config)
  groups.set(connectionName, { config, group })
  return group
}

const writeConnections = new Map<string, string>()

/**
 * The connection for the writes of the group of `connectionName` that share one transaction
 * in one round trip (several statements in one query): a connection of its own, registered
 * with Lucid (closed with the others), as the tenant's but with multipleStatements on. No other
 * code uses it, so that option cannot widen an injection anywhere else. A lock held in one
 * tenant's database (a row, or a table being altered) would hold up every tenant of the
 * transaction: it waits for one at most 2 s before failing, and its writes are then retried
 * row by row on each tenant's own connection.
 */
export function sharedWriteConnection(connectionName: string): string {
  const { key, schema } = statementGroupOf(connectionName)
  if (!schema) throw new Error(`${connectionName} shares no statements with other tenants`)
  let name = writeConnections.get(key)
  if (name === undefined) {
    name = `radius_shared_writes_${createHash('sha1').update(key).digest('hex').slice(0, 12)}`
    writeConnections.set(key, name)
  }
  if (!db.manager.has(name)) {
    const config = db.manager.get(connectionName)!.config as MysqlConfig
    db.manager.add(name, {
      ...config,
      // Typed as `object`, as MYSQL2_OPTIONS: Lucid's types do not list it.
      connection: { ...config.connection, ...MULTIPLE_STATEMENTS },
      pool: {
        min: 0,
        max: 2,
        idleTimeoutMillis: 30_000,
        afterCreate: (connection: RawConnection, done: (error: Error | null) => void) =>
          connection.query(
            'SET SESSION innodb_lock_wait_timeout = 2, lock_wait_timeout = 2',
            (error) => done(error)
          ),
      },
    })
  }
  return name
}

const MULTIPLE_STATEMENTS: object = { multipleStatements: true }

interface RawConnection {
  query(sql: string, callback: (error: Error | null) => void): void
}
