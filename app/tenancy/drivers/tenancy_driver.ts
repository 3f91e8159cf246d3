import type { ConnectionConfig } from '@adonisjs/lucid/types/database'
import type { TenantPlacement, TenancyDriverName } from '../types.js'

/** The part of a tenant a driver needs to know: its slug (names, subdomain). */
export interface TenantRef {
  slug: string
}

/**
 * How tenant databases are created, reached, backed up and removed. One implementation per
 * deployment mode (`sqlite`, `mysql`, `cpanel`), chosen by TENANCY_DRIVER.
 */
export interface TenancyDriverContract {
  readonly name: TenancyDriverName
  /** Choose names (and credentials) for a new tenant without creating anything. */
  plan(tenant: TenantRef): Promise<TenantPlacement>
  /** Create the database (and, per driver, its user and subdomain). */
  create(placement: TenantPlacement, tenant: TenantRef): Promise<void>
  /** Lucid connection settings for the tenant database. */
  connectionConfig(placement: TenantPlacement): ConnectionConfig
  /** Whether the tenant database exists. */
  exists(placement: TenantPlacement): Promise<boolean>
  /** Remove everything `create` made; idempotent, so it also cleans up after a partial create. */
  destroy(placement: TenantPlacement, tenant: TenantRef): Promise<void>
  /** Write a backup of the tenant database into `directory`; returns the file path. */
  backup(placement: TenantPlacement, directory: string): Promise<string>
}

/** Tenant migrations live outside database/migrations so the central connection never runs them. */
export const TENANT_MIGRATIONS_PATH = 'database/tenant_migrations'
