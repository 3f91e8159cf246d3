import { spawn } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { ConnectionConfig } from '@adonisjs/lucid/types/database'
import type { MysqlServer } from '../types.js'
import { TenancyError } from '../tenancy_error.js'
import { backupFileName } from './backup_file_name.js'
import { MYSQL2_OPTIONS } from './mysql2_options.js'

/** Lucid settings for a tenant database on a MySQL/MariaDB server (used by mysql and cpanel). */
export function mysqlConnectionConfig(server: MysqlServer, database: string): ConnectionConfig {
  return {
    client: 'mysql2',
    connection: { ...server, database, charset: 'utf8mb4', timezone: 'Z', ...MYSQL2_OPTIONS },
    // Small pools: a platform holds connections to many tenants at once.
    pool: { min: 0, max: 4, idleTimeoutMillis: 30_000 },
  }
}

/** Dump one database with `mysqldump` into `directory`; the password travels in the environment. */
export async function mysqldump(
  server: MysqlServer,
  database: string,
  directory: string
): Promise<string> {
  await mkdir(directory, { recursive: true })
  const destination = join(directory, backupFileName(database, 'sql'))
  const child = spawn(
    'mysqldump',
    [
      '--single-transaction',
      '--routines',
      '--triggers',
      ...(server.socketPath
        ? ['--socket', server.socketPath]
        : ['-h', server.host, '-P', String(server.port)]),
      '-u',
      server.user,
      database,
    ],
    { env: { ...process.env, MYSQL_PWD: server.password }, stdio: ['ignore', 'pipe', 'pipe'] }
  )
  let stderr = ''
  child.stderr.on('data', (chunk) => (stderr += chunk))
  const exit = new Promise<number>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', resolve)
  })
  await pipeline(child.stdout, createWriteStream(destination))
  const code = await exit.catch((error) => {
    throw new TenancyError(`mysqldump could not start: ${error.message}`, 'E_TENANT_BACKUP', {
      cause: error,
    })
  })
  if (code !== 0) {
    await rm(destination, { force: true })
    throw new TenancyError(
      `mysqldump failed for "${database}": ${stderr.trim()}`,
      'E_TENANT_BACKUP'
    )
  }
  return destination
}
