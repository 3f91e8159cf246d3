/*
 * Every environment variable the product reads, validated once at boot. Secrets are only ever
 * read from here (`.env` or the process environment), never from the repository.
 */
import { Env } from '@adonisjs/core/env'

export default await Env.create(new URL('../', import.meta.url), {
  NODE_ENV: Env.schema.enum(['development', 'production', 'test'] as const),
  PORT: Env.schema.number(),
  HOST: Env.schema.string({ format: 'host' }),
  APP_KEY: Env.schema.secret(),
  APP_NAME: Env.schema.string.optional(),
  APP_URL: Env.schema.string({ format: 'url', tld: false }),
  LOG_LEVEL: Env.schema.enum([
    'fatal',
    'error',
    'warn',
    'info',
    'debug',
    'trace',
    'silent',
  ] as const),

  /** Platform host; tenants live on `<slug>.<APP_DOMAIN>` (`localhost` in development). */
  APP_DOMAIN: Env.schema.string(),
  /** Host that custom domains must CNAME to (defaults to APP_DOMAIN). */
  CNAME_TARGET: Env.schema.string.optional(),
  /** DNS servers for custom-domain checks, e.g. `1.1.1.1,8.8.8.8` (default: the system's). */
  DNS_SERVERS: Env.schema.string.optional(),

  SESSION_DRIVER: Env.schema.enum(['cookie', 'memory'] as const),

  /** Central database: `sqlite` (embedded default) or `mysql` (MySQL / MariaDB). */
  DB_CONNECTION: Env.schema.enum(['sqlite', 'mysql'] as const),
  SQLITE_PATH: Env.schema.string.optional(),
  MYSQL_HOST: Env.schema.string.optional(),
  MYSQL_PORT: Env.schema.number.optional(),
  MYSQL_USER: Env.schema.string.optional(),
  MYSQL_PASSWORD: Env.schema.secret.optional(),
  MYSQL_DATABASE: Env.schema.string.optional(),
  MYSQL_SOCKET: Env.schema.string.optional(),

  /** Where tenant databases are created: `sqlite`, `mysql` or `cpanel`. */
  TENANCY_DRIVER: Env.schema.enum(['sqlite', 'mysql', 'cpanel'] as const),
  TENANT_DB_PREFIX: Env.schema.string.optional(),
  /** Tenant connection pools kept open at once (least recently used idle ones close). */
  TENANT_MAX_OPEN_CONNECTIONS: Env.schema.number.optional(),
  TENANT_SQLITE_DIR: Env.schema.string.optional(),
  TENANT_MYSQL_HOST: Env.schema.string.optional(),
  TENANT_MYSQL_PORT: Env.schema.number.optional(),
  TENANT_MYSQL_USER: Env.schema.string.optional(),
  TENANT_MYSQL_PASSWORD: Env.schema.secret.optional(),
  TENANT_MYSQL_SOCKET: Env.schema.string.optional(),
  CPANEL_URL: Env.schema.string.optional({ format: 'url', tld: false }),
  CPANEL_USER: Env.schema.string.optional(),
  CPANEL_TOKEN: Env.schema.secret.optional(),
  CPANEL_ROOT_DOMAIN: Env.schema.string.optional(),
  CPANEL_DB_HOST: Env.schema.string.optional(),
  CPANEL_DB_PORT: Env.schema.number.optional(),
  CPANEL_INSECURE_TLS: Env.schema.boolean.optional(),

  /** Jobs: `database` (embedded default, MariaDB) or `redis` (production). */
  QUEUE_DRIVER: Env.schema.enum(['database', 'redis', 'sync'] as const),
  REDIS_HOST: Env.schema.string.optional({ format: 'host' }),
  REDIS_PORT: Env.schema.number.optional(),
  REDIS_PASSWORD: Env.schema.secret.optional(),
  LIMITER_STORE: Env.schema.enum(['database', 'memory', 'redis'] as const),
  TRANSMIT_TRANSPORT: Env.schema.enum.optional(['none', 'redis'] as const),

  /** RADIUS server: addresses to bind (comma-separated, IPv4 and/or IPv6) and UDP ports. */
  RADIUS_BIND: Env.schema.string.optional(),
  RADIUS_AUTH_PORT: Env.schema.number.optional(),
  RADIUS_ACCT_PORT: Env.schema.number.optional(),
  /** RADIUS worker processes sharing the ports through SO_REUSEPORT (1: a single process). */
  RADIUS_WORKERS: Env.schema.number.optional(),
  /** `off` turns the RADIUS server's user-profile cache off (for comparison in bench/radius). */
  RADIUS_PROFILE_CACHE: Env.schema.enum.optional(['on', 'off'] as const),
  /** The platform's public IP that routers send RADIUS to (written into connection scripts). */
  RADIUS_PUBLIC_ADDRESS: Env.schema.string.optional(),
  /** WireGuard for routers behind NAT: the platform's endpoint (host:port) and public key. */
  WIREGUARD_ENDPOINT: Env.schema.string.optional(),
  WIREGUARD_PUBLIC_KEY: Env.schema.string.optional(),
  /** The platform's IPv4 address inside the tunnel, where RADIUS answers tunnelled routers. */
  WIREGUARD_RADIUS_ADDRESS: Env.schema.string.optional(),

  /** Outgoing mail: `log` writes every message to storage/mails (development and tests). */
  MAIL_MAILER: Env.schema.enum(['log', 'smtp'] as const),
  MAIL_FROM: Env.schema.string.optional(),
  SMTP_HOST: Env.schema.string.optional(),
  SMTP_PORT: Env.schema.number.optional(),
  SMTP_USERNAME: Env.schema.string.optional(),
  SMTP_PASSWORD: Env.schema.secret.optional(),
})
