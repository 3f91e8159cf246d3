import { mkdir, rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import mysql from 'mysql2/promise'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import env from '#start/env'
import { MigrationRunner } from '@adonisjs/lucid/migration'

/** Test databases on MariaDB all start with this, so a reset never touches anything else. */
export const TEST_DATABASE_PREFIX = process.env.RB_TEST_DB_PREFIX || 'rbtest_'

/** Server-level credentials of the test MariaDB (root over TCP on these machines). */
export function testMysqlServer() {
  return {
    host: env.get('MYSQL_HOST', '127.0.0.1'),
    port: env.get('MYSQL_PORT', 3306),
    user: env.get('MYSQL_USER', 'root'),
    password: env.get('MYSQL_PASSWORD')?.release() ?? '',
  }
}

/** Drop every `rbtest_` database and user on the test MariaDB. */
export async function dropMysqlTestDatabases() {
  const connection = await mysql.createConnection(testMysqlServer())
  try {
    const [rows] = await connection.query('SHOW DATABASES')
    for (const row of rows as { Database: string }[]) {
      if (row.Database.startsWith(TEST_DATABASE_PREFIX))
        await connection.query(`DROP DATABASE \`${row.Database}\``)
    }
    const [users] = await connection.query('SELECT User, Host FROM mysql.user WHERE User LIKE ?', [
      `${TEST_DATABASE_PREFIX}%`,
    ])
    for (const user of users as { User: string; Host: string }[]) {
      await connection.query('DROP USER ?@?', [user.User, user.Host])
    }
  } finally {
    await connection.end()
  }
}

/**
 * Fresh central database (and no tenant databases) of the configured kind, then the central
 * migrations. Runs once before the suites.
 */
export async function resetTestDatabases() {
  // The folders come from the environment, so parallel runs can each use their own.
  const tenantsDir = app.makePath(env.get('TENANT_SQLITE_DIR', 'tmp/test/tenants'))
  for (const dir of [
    dirname(app.makePath(env.get('SQLITE_PATH', 'tmp/test/central.sqlite'))),
    tenantsDir,
  ]) {
    if (!dir.startsWith(app.makePath('tmp')))
      throw new Error(`Refusing to reset ${dir}: test data lives under tmp/`)
    await rm(dir, { recursive: true, force: true })
  }
  await mkdir(tenantsDir, { recursive: true })
  if (env.get('DB_CONNECTION') === 'mysql' || env.get('TENANCY_DRIVER') !== 'sqlite') {
    await dropMysqlTestDatabases()
  }
  if (env.get('DB_CONNECTION') === 'mysql') {
    const database = env.get('MYSQL_DATABASE', '')
    if (!database.startsWith(TEST_DATABASE_PREFIX)) {
      throw new Error(
        `Refusing to run tests on MYSQL_DATABASE="${database}": it must start with ${TEST_DATABASE_PREFIX}`
      )
    }
    const connection = await mysql.createConnection(testMysqlServer())
    await connection.query(
      `CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`
    )
    await connection.end()
  }
  const runner = new MigrationRunner(db, app, { direction: 'up', connectionName: 'central' })
  await runner.run()
  if (runner.error) throw runner.error
}
