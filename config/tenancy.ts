import env from '#start/env'
import type { TenancyConfig } from '#tenancy/types'

const mysqlServer = {
  host: env.get('TENANT_MYSQL_HOST') ?? env.get('MYSQL_HOST', '127.0.0.1'),
  port: env.get('TENANT_MYSQL_PORT') ?? env.get('MYSQL_PORT', 3306),
  user: env.get('TENANT_MYSQL_USER') ?? env.get('MYSQL_USER', 'root'),
  password: (env.get('TENANT_MYSQL_PASSWORD') ?? env.get('MYSQL_PASSWORD'))?.release() ?? '',
  socketPath: env.get('TENANT_MYSQL_SOCKET') ?? env.get('MYSQL_SOCKET'),
}

/** Where tenant databases are created (TENANCY_DRIVER) and how each driver reaches them. */
const tenancyConfig: TenancyConfig = {
  driver: env.get('TENANCY_DRIVER'),
  databasePrefix: env.get('TENANT_DB_PREFIX', 'rb_t_'),
  sqlite: { directory: env.get('TENANT_SQLITE_DIR', 'storage/tenants') },
  mysql: mysqlServer,
  cpanel: {
    url: env.get('CPANEL_URL'),
    user: env.get('CPANEL_USER'),
    token: env.get('CPANEL_TOKEN')?.release(),
    rootDomain: env.get('CPANEL_ROOT_DOMAIN') ?? env.get('APP_DOMAIN'),
    dbHost: env.get('CPANEL_DB_HOST', 'localhost'),
    dbPort: env.get('CPANEL_DB_PORT', 3306),
    insecureTls: env.get('CPANEL_INSECURE_TLS', false),
  },
  backupDirectory: 'storage/backups',
  maxOpenConnections: env.get('TENANT_MAX_OPEN_CONNECTIONS', 25),
}

export default tenancyConfig
