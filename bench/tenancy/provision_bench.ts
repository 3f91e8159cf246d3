/*
 * Tenant provisioning benchmark (Node part). Started by bench/tenancy/run.sh, which sets the
 * environment of one target; prints Markdown table rows, never asserts.
 *
 *   node --import @poppinss/ts-exec bench/tenancy/provision_bench.ts <target>   # benchmark
 *   node --import @poppinss/ts-exec bench/tenancy/provision_bench.ts cleanup    # drop bench data
 */
import 'reflect-metadata'
import { appendFile, rm } from 'node:fs/promises'
import mysql from 'mysql2/promise'
import { Ignitor } from '@adonisjs/core'

const APP_ROOT = new URL('../../', import.meta.url)
const PREFIX = 'rbbench_'
const COUNT = Number(process.env.BENCH_COUNT ?? 100)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4)

/** Server-level account (run.sh exports MYSQL_*); the bench never reads .env for it. */
const mysqlServer = () => ({
  host: process.env.MYSQL_HOST ?? '127.0.0.1',
  port: Number(process.env.MYSQL_PORT ?? 3306),
  user: process.env.MYSQL_USER ?? 'root',
  password: process.env.MYSQL_PASSWORD ?? '',
})

/** Drop every `rbbench_` database and user, and tmp/bench. Never touches anything else. */
async function cleanup() {
  await rm(new URL('tmp/bench', APP_ROOT), { recursive: true, force: true })
  let connection: mysql.Connection
  try {
    connection = await mysql.createConnection(mysqlServer())
  } catch (error) {
    // The SQLite target must still run on a machine without MariaDB.
    console.warn(`MariaDB not reachable (${(error as Error).message}); skipped its cleanup`)
    return
  }
  try {
    const [databases] = await connection.query('SHOW DATABASES')
    for (const { Database: name } of databases as { Database: string }[]) {
      if (name.startsWith(PREFIX)) await connection.query(`DROP DATABASE \`${name}\``)
    }
    const [users] = await connection.query('SELECT User, Host FROM mysql.user')
    for (const { User, Host } of users as { User: string; Host: string }[]) {
      if (User.startsWith(PREFIX)) await connection.query('DROP USER ?@?', [User, Host])
    }
  } finally {
    await connection.end()
  }
}

/** Refuse to run unless every place the app will write to is a bench location. */
function checkIsolation() {
  const env = process.env
  const ok =
    env.SQLITE_PATH?.startsWith('tmp/bench/') &&
    env.TENANT_SQLITE_DIR?.startsWith('tmp/bench/') &&
    env.TENANT_DB_PREFIX?.startsWith(PREFIX) &&
    (env.DB_CONNECTION !== 'mysql' || env.MYSQL_DATABASE?.startsWith(PREFIX))
  if (!ok) throw new Error('Run through bench/tenancy/run.sh: storage must be under tmp/bench and rbbench_*')
}

/** The central database must exist before its migrations (SQLite creates its file itself). */
async function createCentralDatabase() {
  if (process.env.DB_CONNECTION !== 'mysql') return
  const connection = await mysql.createConnection(mysqlServer())
  await connection.query(`CREATE DATABASE \`${process.env.MYSQL_DATABASE}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`)
  await connection.end()
}

async function mariadbVersion() {
  const connection = await mysql.createConnection(mysqlServer()).catch(() => null)
  if (!connection) return 'not reachable'
  const [rows] = await connection.query('SELECT VERSION() AS version')
  await connection.end()
  return (rows as { version: string }[])[0].version
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

async function bench(target: string) {
  checkIsolation()
  await createCentralDatabase()

  // Boot the app as bin/console.ts does, without ace (ace only scans commands/).
  const app = new Ignitor(APP_ROOT, { importer: (path: string) => import(path.startsWith('.') ? new URL(path, APP_ROOT).href : path) })
    .tap((application) => application.booting(async () => void (await import('#start/env'))))
    .createApp('console')
  await app.init()
  await app.boot()
  await app.start(() => {})

  try {
    // App modules read container bindings at import time: import them only once booted.
    const { default: db } = await import('@adonisjs/lucid/services/db')
    const { default: hash } = await import('@adonisjs/core/services/hash')
    const { MigrationRunner } = await import('@adonisjs/lucid/migration')
    const { default: tenancy } = await import('#tenancy/main')
    const { default: Tenant } = await import('#models/central/tenant')
    const { TenantProvisioningService } = await import('#services/tenant_provisioning_service')

    const migrator = new MigrationRunner(db, app, { direction: 'up', connectionName: 'central' })
    await migrator.run()
    if (migrator.error) throw migrator.error

    // Hashed once: password hashing (scrypt/argon2) is deliberately not part of what we time.
    const passwordHash = await hash.make('bench-password-123')
    const service = new TenantProvisioningService()
    const failures: string[] = []

    /** reserve + provision of one tenant, timed (null if it failed); its connection is released after. */
    async function provisionOne(slug: string): Promise<number | null> {
      const started = performance.now()
      const reserved = await service.reserve({ businessName: `Bench ${slug}`, subdomain: slug, email: `owner@${slug}.test` })
      const run = await service.provision(reserved.id, { passwordHash, name: `Bench ${slug}` })
      const elapsed = performance.now() - started
      if (run.status !== 'done') {
        failures.push(`${slug}: ${run.error}`)
        return null
      }
      // Keeps file handles / MariaDB connections bounded: one pool per tenant otherwise.
      await tenancy.release(await Tenant.findOrFail(run.tenantId!))
      return elapsed
    }

    async function measure(label: string, prefix: string, count: number, concurrency: number) {
      const durations: number[] = []
      let next = 0
      const worker = async () => {
        while (next < count) {
          const index = next++
          const elapsed = await provisionOne(`${prefix}-${String(index + 1).padStart(3, '0')}`)
          if (elapsed !== null) durations.push(elapsed)
        }
      }
      const started = performance.now()
      await Promise.all(Array.from({ length: concurrency }, worker))
      const total = (performance.now() - started) / 1000
      // Latency figures cover the tenants that were provisioned; failures are counted apart.
      const sorted = durations.sort((a, b) => a - b)
      const ms = (value: number | undefined) => (value === undefined ? '–' : value.toFixed(1))
      const mean = sorted.length ? sorted.reduce((sum, value) => sum + value, 0) / sorted.length : undefined
      const rss = process.memoryUsage().rss / 1024 / 1024
      const cells = [target, label, count, count - sorted.length, total.toFixed(2), ms(mean), ms(percentile(sorted, 50)), ms(percentile(sorted, 95)), rss.toFixed(0)]
      const row = `| ${cells.join(' | ')} |`
      console.log(row)
      // run.sh prints all rows again as one table at the end, after any app logs.
      if (process.env.BENCH_RESULTS) await appendFile(process.env.BENCH_RESULTS, `${row}\n`)
    }

    await measure('1 (first, cold)', 'one', 1, 1)
    await measure(`${COUNT} sequential`, 'seq', COUNT, 1)
    await measure(`${COUNT} × ${CONCURRENCY} concurrent`, 'par', COUNT, CONCURRENCY)

    if (failures.length) {
      console.error(`${failures.length} provisioning run(s) failed:\n  ${failures.slice(0, 10).join('\n  ')}`)
      process.exitCode = 1
    }
  } finally {
    await app.terminate()
  }
}

const command = process.argv[2]
if (command === 'cleanup') await cleanup()
else if (command === 'mariadb-version') console.log(await mariadbVersion())
else if (command) await bench(command)
else throw new Error('usage: provision_bench.ts <target label> | cleanup | mariadb-version')
