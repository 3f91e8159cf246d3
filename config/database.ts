import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/lucid'
import env from '#start/env'
import { MYSQL2_OPTIONS } from '#tenancy/drivers/mysql2_options'

/**
 * The central database holds platform data (tenants, domains, platform staff, NAS routing).
 * Tenant databases are not listed here: the tenancy layer adds their connections at runtime.
 */
const centralConnection =
  env.get('DB_CONNECTION') === 'mysql'
    ? {
        client: 'mysql2' as const,
        connection: {
          host: env.get('MYSQL_HOST', '127.0.0.1'),
          port: env.get('MYSQL_PORT', 3306),
          user: env.get('MYSQL_USER', 'root'),
          password: env.get('MYSQL_PASSWORD')?.release() ?? '',
          database: env.get('MYSQL_DATABASE', 'radius_billing'),
          // A Unix socket, when the server is on this machine: cheaper than loopback TCP.
          socketPath: env.get('MYSQL_SOCKET'),
          charset: 'utf8mb4',
          timezone: 'Z',
          ...MYSQL2_OPTIONS,
        },
        pool: { min: 0, max: 10 },
      }
    : {
        client: 'better-sqlite3' as const,
        connection: { filename: app.makePath(env.get('SQLITE_PATH', 'storage/central.sqlite')) },
        useNullAsDefault: true,
      }

const dbConfig = defineConfig({
  connection: 'central',
  prettyPrintDebugQueries: false,
  connections: {
    central: {
      ...centralConnection,
      migrations: {
        naturalSort: true,
        paths: ['database/migrations/central'],
      },
      seeders: { paths: ['database/seeders/central'] },
      // Models declare their columns by hand; the generated schema classes are not used.
      schemaGeneration: { enabled: false },
    },
  },
})

export default dbConfig
