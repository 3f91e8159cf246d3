/*
 * What the benchmarks under bench/ share: their throw-away storage (MariaDB databases and users
 * named `<prefix>*`, SQLite files under one tmp/ folder), the check that they write nowhere else,
 * the app boot and the command line (`<target> | cleanup | mariadb-version`).
 *
 * Each bench has its own prefix and folder, none the start of another's, so that one bench's
 * cleanup never drops another's data while that one runs (bench/radius uses `rbbench_` and
 * tmp/bench/radius).
 */
import 'reflect-metadata'
import { appendFile, rm } from 'node:fs/promises'
import mysql from 'mysql2/promise'
import { Ignitor } from '@adonisjs/core'

export const APP_ROOT = new URL('../../', import.meta.url)

/** Where one bench may write; its run.sh (through bench/support/env.sh) sets the same values. */
export interface BenchStorage {
  /** Start of every MariaDB database and user of the bench, e.g. `rbvbench_`. */
  prefix: string
  /** Folder (relative to the app root, no trailing slash) of its SQLite files. */
  folder: string
  /** The script that sets the environment, named in the refusal. */
  runScript: string
}

/**
 * Every bench's storage, side by side so that one can see that no prefix or folder is the start
 * of another's (each cleanup drops everything under its own).
 */
export const BENCH_STORAGE = {
  customers: {
    prefix: 'rbcbench_',
    folder: 'tmp/bench/customers',
    runScript: 'bench/customers/run.sh',
  },
  tenancy: { prefix: 'rbtbench_', folder: 'tmp/bench/tenancy', runScript: 'bench/tenancy/run.sh' },
  vouchers: {
    prefix: 'rbvbench_',
    folder: 'tmp/bench-vouchers',
    runScript: 'bench/vouchers/run.sh',
  },
  radius: { prefix: 'rbbench_', folder: 'tmp/bench/radius', runScript: 'bench/radius/run.sh' },
} satisfies Record<string, BenchStorage>

/** Server-level account (run.sh exports MYSQL_*); the benches never read .env for it. */
export const mysqlServer = () => ({
  host: process.env.MYSQL_HOST ?? '127.0.0.1',
  port: Number(process.env.MYSQL_PORT ?? 3306),
  user: process.env.MYSQL_USER ?? 'root',
  password: process.env.MYSQL_PASSWORD ?? '',
})

/** Drop the bench's folder and every `<prefix>*` database and user. Nothing else. */
export async function cleanup(storage: BenchStorage) {
  await rm(new URL(`${storage.folder}/`, APP_ROOT), { recursive: true, force: true })
  const connection = await mysql.createConnection(mysqlServer()).catch((error: Error) => {
    // The SQLite target must still run on a machine without MariaDB.
    console.warn(`MariaDB not reachable (${error.message}); skipped its cleanup`)
    return null
  })
  if (!connection) return
  try {
    const [databases] = await connection.query('SHOW DATABASES')
    for (const { Database: name } of databases as { Database: string }[]) {
      if (name.startsWith(storage.prefix)) await connection.query(`DROP DATABASE \`${name}\``)
    }
    const [users] = await connection.query('SELECT User, Host FROM mysql.user')
    for (const { User, Host } of users as { User: string; Host: string }[]) {
      if (User.startsWith(storage.prefix)) await connection.query('DROP USER ?@?', [User, Host])
    }
  } finally {
    await connection.end()
  }
}

/** Refuse to run unless every place the app will write to is this bench's storage. */
export function checkIsolation(storage: BenchStorage) {
  const env = process.env
  const folder = `${storage.folder}/`
  const ok =
    env.SQLITE_PATH?.startsWith(folder) &&
    env.TENANT_SQLITE_DIR?.startsWith(folder) &&
    env.TENANT_DB_PREFIX?.startsWith(storage.prefix) &&
    (env.DB_CONNECTION !== 'mysql' || env.MYSQL_DATABASE?.startsWith(storage.prefix))
  if (!ok) {
    throw new Error(
      `Run through ${storage.runScript}: storage must be under ${folder} and ${storage.prefix}*`
    )
  }
}

/** The central database must exist before its migrations (SQLite creates its file itself). */
export async function createCentralDatabase() {
  if (process.env.DB_CONNECTION !== 'mysql') return
  const connection = await mysql.createConnection(mysqlServer())
  await connection.query(
    `CREATE DATABASE \`${process.env.MYSQL_DATABASE}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`
  )
  await connection.end()
}

export async function mariadbVersion() {
  const connection = await mysql.createConnection(mysqlServer()).catch(() => null)
  if (!connection) return 'not reachable'
  const [rows] = await connection.query('SELECT VERSION() AS version')
  await connection.end()
  return (rows as { version: string }[])[0].version
}

async function bootApp() {
  // As bin/console.ts does, without ace (ace only scans commands/).
  const app = new Ignitor(APP_ROOT, {
    importer: (path: string) => import(path.startsWith('.') ? new URL(path, APP_ROOT).href : path),
  })
    .tap((application) => application.booting(async () => void (await import('#start/env'))))
    .createApp('console')
  await app.init()
  await app.boot()
  await app.start(() => {})
  return app
}

export type BenchApp = Awaited<ReturnType<typeof bootApp>>

/**
 * Check the storage, boot the app on a fresh central database (migrated) and run `work`; the
 * app is terminated even when `work` throws.
 */
export async function withBenchApp(storage: BenchStorage, work: (app: BenchApp) => Promise<void>) {
  checkIsolation(storage)
  await createCentralDatabase()
  const app = await bootApp()
  try {
    // App modules read container bindings at import time: import them only once booted.
    const { default: db } = await import('@adonisjs/lucid/services/db')
    const { MigrationRunner } = await import('@adonisjs/lucid/migration')
    const migrator = new MigrationRunner(db, app, { direction: 'up', connectionName: 'central' })
    await migrator.run()
    if (migrator.error) throw migrator.error
    await work(app)
  } finally {
    await app.terminate()
  }
}

/** Print one Markdown table row and keep it for run.sh, which prints all rows again at the end, after any app logs. */
export async function reportRow(cells: (string | number)[]) {
  const row = `| ${cells.join(' | ')} |`
  console.log(row)
  if (process.env.BENCH_RESULTS) await appendFile(process.env.BENCH_RESULTS, `${row}\n`)
}

/** The command line of every bench: `<target label> | cleanup | mariadb-version`. */
export async function main(storage: BenchStorage, bench: (target: string) => Promise<void>) {
  const command = process.argv[2]
  if (command === 'cleanup') await cleanup(storage)
  else if (command === 'mariadb-version') console.log(await mariadbVersion())
  else if (command) await bench(command)
  else throw new Error('usage: <bench>.ts <target label> | cleanup | mariadb-version')
}
