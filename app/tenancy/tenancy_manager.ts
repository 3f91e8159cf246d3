import db from '@adonisjs/lucid/services/db'
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import { MigrationRunner } from '@adonisjs/lucid/migration'
import Tenant from '#models/central/tenant'
import { TenantStatus } from '#enums/tenant_status'
import type { TenancyDriverContract } from './drivers/tenancy_driver.js'
import type { TenancyConfig, TenancyDriverName, TenantPlacement } from './types.js'
import { tenantContext } from './tenant_context.js'
import { TenancyError } from './tenancy_error.js'

/** Builds a driver from the tenancy config; drivers are imported only when used. */
const driverFactories: Record<
  TenancyDriverName,
  (config: TenancyConfig) => Promise<TenancyDriverContract>
> = {
  sqlite: async (config) => {
    const { SqliteDriver } = await import('./drivers/sqlite_driver.js')
    return new SqliteDriver(app.makePath(config.sqlite.directory))
  },
  mysql: async (config) => {
    const { MysqlDriver } = await import('./drivers/mysql_driver.js')
    return new MysqlDriver(config.mysql, config.databasePrefix)
  },
  cpanel: async (config) => {
    const { CpanelDriver } = await import('./drivers/cpanel_driver.js')
    return CpanelDriver.fromConfig(config)
  },
}

/**
 * Entry point of the tenancy layer: creates tenant databases through the configured driver,
 * opens their connections on demand and runs work inside a tenant scope. Nothing above it
 * builds connection strings.
 */
export class TenancyManager {
  #config: TenancyConfig
  #drivers = new Map<TenancyDriverName, Promise<TenancyDriverContract>>()
  /** Open tenant connections, least recently used first. */
  #recent = new Set<string>()
  /** Scopes (`run`, `migrate`) in progress per connection: those are never closed. */
  #inUse = new Map<string, number>()

  constructor(config: TenancyConfig) {
    this.#config = config
  }

  /** The driver that provisions new tenants (TENANCY_DRIVER). */
  get defaultDriver(): TenancyDriverName {
    return this.#config.driver
  }

  /** A driver by name, built once. Existing tenants keep the driver they were created with. */
  driver(name: TenancyDriverName = this.#config.driver): Promise<TenancyDriverContract> {
    let driver = this.#drivers.get(name)
    if (!driver) {
      driver = driverFactories[name](this.#config)
      this.#drivers.set(name, driver)
      driver.catch(() => this.#drivers.delete(name))
    }
    return driver
  }

  /** The placement recorded on a tenant row. */
  placementOf(tenant: Tenant): TenantPlacement {
    return {
      driver: tenant.dbDriver,
      dbName: tenant.dbName,
      dbHost: tenant.dbHost,
      dbPort: tenant.dbPort,
      dbUser: tenant.dbUser,
      dbPassword: tenant.dbPassword,
    }
  }

  /** Name of the Lucid connection that reaches a tenant's database. */
  connectionName(tenant: Tenant) {
    return `tenant_${tenant.id}`
  }

  /**
   * Register the tenant's connection (once) and return its name. Beyond `maxOpenConnections`
   * the least recently used connections no scope is using are closed (a pool each: a platform
   * of hundreds of tenants would otherwise hold connections to all of them).
   */
  async connect(tenant: Tenant): Promise<string> {
    const name = this.connectionName(tenant)
    if (!db.manager.has(name)) {
      const driver = await this.driver(tenant.dbDriver)
      db.manager.add(name, driver.connectionConfig(this.placementOf(tenant)))
    }
    this.#recent.delete(name)
    this.#recent.add(name)
    // Every RADIUS request passes here: only over the limit is there anything to await.
    if (this.#recent.size > this.#config.maxOpenConnections) await this.#closeLeastRecent()
    return name
  }

  /**
   * Runs `work` bound to each active tenant in turn (the scheduled jobs); one tenant's failure
   * is logged as `task` failed and the others go on. Resolves with the sum of what `work` returns.
   */
  async forEachActiveTenant(task: string, work: () => Promise<number>): Promise<number> {
    let total = 0
    for (const tenant of await Tenant.query().where('status', TenantStatus.Active).orderBy('id')) {
      try {
        total += await this.run(tenant, work)
      } catch (error) {
        logger.error({ err: error, tenant: tenant.slug }, '%s failed', task)
      }
    }
    return total
  }

  /** Run `work` with the tenant bound: tenant models and services use its database. */
  async run<T>(tenant: Tenant, work: () => Promise<T>): Promise<T> {
    // Held before it is opened: opening others may close idle ones, never this one.
    return this.#holding(this.connectionName(tenant), async () => {
      const connectionName = await this.connect(tenant)
      return tenantContext.run({ tenant, connectionName }, work)
    })
  }

  /** Runs `work` with the connection marked in use, so it is not closed meanwhile. */
  async #holding<T>(name: string, work: () => Promise<T>): Promise<T> {
    this.#inUse.set(name, (this.#inUse.get(name) ?? 0) + 1)
    try {
      return await work()
    } finally {
      const left = (this.#inUse.get(name) ?? 1) - 1
      if (left > 0) this.#inUse.set(name, left)
      else this.#inUse.delete(name)
    }
  }

  async #closeLeastRecent() {
    for (const name of this.#recent) {
      if (this.#recent.size <= this.#config.maxOpenConnections) return
      if (this.#inUse.has(name)) continue
      this.#recent.delete(name)
      const entry = db.manager.get(name)
      // Forgotten first, closed after: a scope starting meanwhile opens a fresh connection.
      db.manager.connections.delete(name)
      await entry?.connection?.disconnect()
    }
  }

  /**
   * Apply pending tenant migrations; returns the names of the files it ran.
   * Lucid's own migration lock is one server-wide MySQL name (`GET_LOCK('1', 0)`), so two tenants
   * migrating on one server would fail each other; we lock per tenant database instead.
   */
  async migrate(tenant: Tenant): Promise<string[]> {
    const runner = await this.#holding(this.connectionName(tenant), async () => {
      const connectionName = await this.connect(tenant)
      const migrations = new MigrationRunner(db, app, {
        direction: 'up',
        connectionName,
        disableLocks: true,
      })
      await this.#withTenantLock(connectionName, tenant.dbName, () => migrations.run())
      return migrations
    })
    if (runner.error) {
      throw new TenancyError(
        `Migrating tenant "${tenant.slug}" failed: ${runner.error.message}`,
        'E_TENANT_MIGRATION',
        {
          cause: runner.error,
        }
      )
    }
    return Object.keys(runner.migratedFiles)
  }

  /** Hold a named lock on the tenant's MySQL server for its database while `work` runs. */
  async #withTenantLock<T>(
    connectionName: string,
    dbName: string,
    work: () => Promise<T>
  ): Promise<T> {
    const connection = db.connection(connectionName)
    if (connection.dialect.name !== 'mysql') return work()
    const knex = connection.getWriteClient()
    const session = await knex.client.acquireConnection()
    const lock = `rb_migrate:${dbName}`.slice(0, 64)
    try {
      const [rows] = await session.promise().query('SELECT GET_LOCK(?, 60) AS got', [lock])
      if (Number((rows as { got: number }[])[0]?.got) !== 1) {
        throw new TenancyError(
          `Another migration of "${dbName}" is still running`,
          'E_TENANT_MIGRATION_LOCKED'
        )
      }
      try {
        return await work()
      } finally {
        await session.promise().query('SELECT RELEASE_LOCK(?)', [lock])
      }
    } finally {
      await knex.client.releaseConnection(session)
    }
  }

  /** Close the tenant's connection and forget it (after destroy, or to pick up new settings). */
  async release(tenant: Tenant) {
    const name = this.connectionName(tenant)
    this.#recent.delete(name)
    if (db.manager.has(name)) await db.manager.release(name)
  }

  /** Write a backup of one tenant's database; returns the file path. */
  async backup(tenant: Tenant): Promise<string> {
    const driver = await this.driver(tenant.dbDriver)
    return driver.backup(
      this.placementOf(tenant),
      app.makePath(this.#config.backupDirectory, tenant.slug)
    )
  }

  /** Close every tenant connection (shutdown). */
  async releaseAll() {
    this.#recent.clear()
    for (const [name] of db.manager.connections) {
      if (name.startsWith('tenant_')) await db.manager.release(name)
    }
  }
}
