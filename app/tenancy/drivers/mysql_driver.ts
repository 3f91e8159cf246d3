import mysql from 'mysql2/promise'
import type { ConnectionConfig } from '@adonisjs/lucid/types/database'
import type { MysqlServer, TenantPlacement } from '../types.js'
import { TenancyError } from '../tenancy_error.js'
import {
  TENANT_MIGRATIONS_PATH,
  type TenancyDriverContract,
  type TenantRef,
} from './tenancy_driver.js'
import { databaseNameFor, quoteIdentifier } from './mysql_identifiers.js'
import { mysqlConnectionConfig, mysqldump } from './mysql_shared.js'

/**
 * VPS / dedicated server: `CREATE DATABASE` on a MySQL/MariaDB server reached with a privileged
 * account. The server is recorded per tenant, so tenants can later be spread over several servers.
 */
export class MysqlDriver implements TenancyDriverContract {
  readonly name = 'mysql' as const
  #server: MysqlServer
  #prefix: string

  constructor(server: MysqlServer, prefix: string) {
    this.#server = server
    this.#prefix = prefix
  }

  async #admin<T>(work: (connection: mysql.Connection) => Promise<T>): Promise<T> {
    const connection = await mysql.createConnection({ ...this.#server })
    try {
      return await work(connection)
    } finally {
      await connection.end()
    }
  }

  async plan(tenant: TenantRef): Promise<TenantPlacement> {
    return {
      driver: 'mysql',
      dbName: databaseNameFor(this.#prefix, tenant.slug),
      dbHost: this.#server.host,
      dbPort: this.#server.port,
      dbUser: null,
      dbPassword: null,
    }
  }

  async create(placement: TenantPlacement): Promise<void> {
    const name = quoteIdentifier(placement.dbName)
    await this.#admin(async (connection) => {
      // No IF NOT EXISTS: an existing database may belong to someone else, never adopt it.
      await connection.query(
        `CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`
      )
    }).catch((error) => {
      if (error?.code === 'ER_DB_CREATE_EXISTS') {
        throw new TenancyError(
          `Database "${placement.dbName}" already exists`,
          'E_TENANT_DB_EXISTS',
          { cause: error }
        )
      }
      throw error
    })
  }

  connectionConfig(placement: TenantPlacement): ConnectionConfig {
    return {
      ...mysqlConnectionConfig(this.#serverOf(placement), placement.dbName),
      migrations: { naturalSort: true, paths: [TENANT_MIGRATIONS_PATH] },
    }
  }

  async exists(placement: TenantPlacement): Promise<boolean> {
    return this.#admin(async (connection) => {
      const [rows] = await connection.query(
        'SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?',
        [placement.dbName]
      )
      return (rows as unknown[]).length > 0
    })
  }

  async destroy(placement: TenantPlacement): Promise<void> {
    const name = quoteIdentifier(placement.dbName)
    await this.#admin((connection) => connection.query(`DROP DATABASE IF EXISTS ${name}`))
  }

  async backup(placement: TenantPlacement, directory: string): Promise<string> {
    return mysqldump(this.#serverOf(placement), placement.dbName, directory)
  }

  /** The server a tenant's database is on; the socket only reaches the configured one. */
  #serverOf(placement: TenantPlacement): MysqlServer {
    const host = placement.dbHost ?? this.#server.host
    const port = placement.dbPort ?? this.#server.port
    const same = host === this.#server.host && port === this.#server.port
    return { ...this.#server, host, port, socketPath: same ? this.#server.socketPath : undefined }
  }
}
