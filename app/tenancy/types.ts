/** Where one tenant's database lives; persisted on the tenant row before anything is created. */
export interface TenantPlacement {
  driver: TenancyDriverName
  dbName: string
  dbHost: string | null
  dbPort: number | null
  dbUser: string | null
  dbPassword: string | null
}

export type TenancyDriverName = 'sqlite' | 'mysql' | 'cpanel'

/** Credentials of a MySQL/MariaDB server. */
export interface MysqlServer {
  host: string
  port: number
  user: string
  password: string
  /** The server's Unix socket, used instead of host and port when set (same machine). */
  socketPath?: string
}

/** Shape of `config/tenancy.ts`. */
export interface TenancyConfig {
  driver: TenancyDriverName
  /** Prefix of tenant database names (mysql driver; cPanel adds the account prefix first). */
  databasePrefix: string
  sqlite: { directory: string }
  mysql: MysqlServer
  cpanel: {
    url?: string
    user?: string
    token?: string
    rootDomain?: string
    dbHost: string
    dbPort: number
    insecureTls: boolean
  }
  /** Where backups are written. */
  backupDirectory: string
  /**
   * Tenant connections (pools) kept open at once; beyond it the least recently used idle one
   * is closed. Bounds what a platform of many tenants holds on its database server.
   */
  maxOpenConnections: number
}

/** Reports a provisioning step to whoever watches (job progress, CLI). */
export type ProgressReporter = (step: string, progress: number) => Promise<void> | void
