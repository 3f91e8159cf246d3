import type { ConnectionConfig } from '@adonisjs/lucid/types/database'
import type { TenancyConfig, TenantPlacement } from '../types.js'
import { TenancyError } from '../tenancy_error.js'
import { UapiClient } from '../cpanel/uapi_client.js'
import {
  generateDatabasePassword,
  tenantDatabaseName,
  tenantDatabaseUser,
} from '../cpanel/cpanel_naming.js'
import {
  TENANT_MIGRATIONS_PATH,
  type TenancyDriverContract,
  type TenantRef,
} from './tenancy_driver.js'
import { mysqlConnectionConfig, mysqldump } from './mysql_shared.js'

/**
 * Shared hosting: cPanel UAPI creates the tenant's database, a database user with a generated
 * password, the grant, and the tenant's subdomain. Names follow the account prefix and limits
 * read from `Mysql/get_restrictions`, never computed from the username.
 */
export class CpanelDriver implements TenancyDriverContract {
  readonly name = 'cpanel' as const
  #client: UapiClient
  #stem: string
  #rootDomain: string
  #dbHost: string
  #dbPort: number

  constructor(
    client: UapiClient,
    options: { stem: string; rootDomain: string; dbHost: string; dbPort: number }
  ) {
    this.#client = client
    this.#stem = options.stem
    this.#rootDomain = options.rootDomain
    this.#dbHost = options.dbHost
    this.#dbPort = options.dbPort
  }

  static fromConfig(config: TenancyConfig) {
    const { url, user, token, rootDomain, dbHost, dbPort, insecureTls } = config.cpanel
    if (!url || !user || !token || !rootDomain) {
      throw TenancyError.misconfigured(
        'cpanel',
        'set CPANEL_URL, CPANEL_USER, CPANEL_TOKEN and CPANEL_ROOT_DOMAIN'
      )
    }
    return new CpanelDriver(new UapiClient({ url, user, token, insecureTls }), {
      stem: config.databasePrefix,
      rootDomain,
      dbHost,
      dbPort,
    })
  }

  /** Names and password are chosen (and persisted by the caller) before anything is created. */
  async plan(tenant: TenantRef): Promise<TenantPlacement> {
    const restrictions = await this.#client.getRestrictions()
    return {
      driver: 'cpanel',
      dbName: tenantDatabaseName(tenant.slug, restrictions, this.#stem),
      dbHost: this.#dbHost,
      dbPort: this.#dbPort,
      dbUser: tenantDatabaseUser(tenant.slug, restrictions, this.#stem),
      dbPassword: generateDatabasePassword(),
    }
  }

  /**
   * Lists first and refuses names that already exist (they may belong to another site on the
   * account); on a failure part-way, removes what this call created before rethrowing.
   */
  async create(placement: TenantPlacement, tenant: TenantRef): Promise<void> {
    const { dbName, dbUser, dbPassword } = this.#credentials(placement)
    const [databases, users] = await Promise.all([
      this.#client.listDatabases(),
      this.#client.listUsers(),
    ])
    if (
      databases.some((database) => database.name === dbName) ||
      users.some((user) => user.name === dbUser)
    ) {
      throw new TenancyError(
        `Database or user "${dbName}" already exists on the cPanel account`,
        'E_TENANT_DB_EXISTS'
      )
    }
    const undo: (() => Promise<void>)[] = []
    try {
      await this.#client.createDatabase(dbName)
      undo.push(() => this.#client.deleteDatabase(dbName))
      await this.#client.createUser(dbUser, dbPassword)
      undo.push(() => this.#client.deleteUser(dbUser))
      await this.#client.setPrivileges(dbUser, dbName, ['ALL PRIVILEGES'])
      await this.#client.addSubdomain(tenant.slug, this.#rootDomain)
    } catch (error) {
      for (const step of undo.reverse()) await step().catch(() => {})
      throw error
    }
  }

  connectionConfig(placement: TenantPlacement): ConnectionConfig {
    const { dbName, dbUser, dbPassword } = this.#credentials(placement)
    return {
      ...mysqlConnectionConfig(
        {
          host: placement.dbHost ?? this.#dbHost,
          port: placement.dbPort ?? this.#dbPort,
          user: dbUser,
          password: dbPassword,
        },
        dbName
      ),
      migrations: { naturalSort: true, paths: [TENANT_MIGRATIONS_PATH] },
    }
  }

  async exists(placement: TenantPlacement): Promise<boolean> {
    const databases = await this.#client.listDatabases()
    return databases.some((database) => database.name === placement.dbName)
  }

  /** Removes the subdomain, the user and the database, each only if cPanel lists it. */
  async destroy(placement: TenantPlacement, tenant: TenantRef): Promise<void> {
    const [subdomains, users] = await Promise.all([
      this.#client.listSubdomains(),
      this.#client.listUsers(),
    ])
    if (subdomains.includes(`${tenant.slug}.${this.#rootDomain}`)) {
      await this.#client.deleteSubdomain(tenant.slug, this.#rootDomain)
    }
    if (placement.dbUser && users.some((user) => user.name === placement.dbUser)) {
      await this.#client.deleteUser(placement.dbUser)
    }
    if (await this.exists(placement)) await this.#client.deleteDatabase(placement.dbName)
  }

  async backup(placement: TenantPlacement, directory: string): Promise<string> {
    const { dbName, dbUser, dbPassword } = this.#credentials(placement)
    return mysqldump(
      {
        host: placement.dbHost ?? this.#dbHost,
        port: placement.dbPort ?? this.#dbPort,
        user: dbUser,
        password: dbPassword,
      },
      dbName,
      directory
    )
  }

  #credentials(placement: TenantPlacement) {
    if (!placement.dbUser || !placement.dbPassword) {
      throw new TenancyError(
        `Tenant database "${placement.dbName}" has no cPanel user recorded`,
        'E_TENANT_DB_USER'
      )
    }
    return { dbName: placement.dbName, dbUser: placement.dbUser, dbPassword: placement.dbPassword }
  }
}
