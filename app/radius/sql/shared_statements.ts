/*
 * Which tenants' hot-path reads can share one statement: databases on one MySQL server reached
 * with one account (the mysql driver's tenants) read each other's tables by qualified name, so
 * one statement, on any of their connections, serves them all in one round trip and one
 * snapshot. Any other connection (SQLite, a cPanel tenant's own account) is a group of its own.
 */
import db from '@adonisjs/lucid/services/db'

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
