import { mkdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { ConnectionConfig } from '@adonisjs/lucid/types/database'
import type { TenantPlacement } from '../types.js'
import {
  TENANT_MIGRATIONS_PATH,
  type TenancyDriverContract,
  type TenantRef,
} from './tenancy_driver.js'
import { backupFileName } from './backup_file_name.js'
import { TenancyError } from '../tenancy_error.js'

/** Embedded default: one SQLite file per tenant under a directory (storage/tenants). */
export class SqliteDriver implements TenancyDriverContract {
  readonly name = 'sqlite' as const
  #directory: string

  constructor(directory: string) {
    this.#directory = directory
  }

  #file(placement: TenantPlacement) {
    return join(this.#directory, `${placement.dbName}.sqlite`)
  }

  async plan(tenant: TenantRef): Promise<TenantPlacement> {
    return {
      driver: 'sqlite',
      dbName: tenant.slug,
      dbHost: null,
      dbPort: null,
      dbUser: null,
      dbPassword: null,
    }
  }

  async create(placement: TenantPlacement): Promise<void> {
    await mkdir(this.#directory, { recursive: true })
    // Never adopt a file left behind by someone else: it may hold another tenant's data.
    if (await this.exists(placement)) {
      throw new TenancyError(
        `Database file for "${placement.dbName}" already exists`,
        'E_TENANT_DB_EXISTS'
      )
    }
    const db = new Database(this.#file(placement))
    db.pragma('journal_mode = WAL')
    db.close()
  }

  connectionConfig(placement: TenantPlacement): ConnectionConfig {
    return {
      client: 'better-sqlite3',
      connection: { filename: this.#file(placement) },
      useNullAsDefault: true,
      migrations: { naturalSort: true, paths: [TENANT_MIGRATIONS_PATH] },
    }
  }

  async exists(placement: TenantPlacement): Promise<boolean> {
    return stat(this.#file(placement)).then(
      () => true,
      () => false
    )
  }

  async destroy(placement: TenantPlacement): Promise<void> {
    const file = this.#file(placement)
    await Promise.all([file, `${file}-wal`, `${file}-shm`].map((path) => rm(path, { force: true })))
  }

  async backup(placement: TenantPlacement, directory: string): Promise<string> {
    await mkdir(directory, { recursive: true })
    const destination = join(directory, backupFileName(placement.dbName, 'sqlite'))
    const db = new Database(this.#file(placement), { readonly: true, fileMustExist: true })
    try {
      // SQLite's online backup API: consistent even while the app writes.
      await db.backup(destination)
    } finally {
      db.close()
    }
    return destination
  }
}
