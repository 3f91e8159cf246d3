import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import type Tenant from '#models/central/tenant'
import type { PluginSettings } from '#plugins/contracts/manifest'
import { PluginRegistry, type StoredPluginSettings } from '#plugins/plugin_registry'
import { tenantContext } from '#tenancy/tenant_context'
import { FakeCoaSender } from '#tests/plugin_kit/index'

/** Where the npm-style fixture packages live (searched like a node_modules folder). */
export const FIXTURE_PACKAGES = app.makePath('tests/fixtures/plugins')

/** The app key test registries derive plugin signers from. */
export const TEST_APP_KEY = 'registry-test-app-key'

/** Stored settings per tenant id and plugin name, as PluginSettingsService would return them. */
export class MemorySettings {
  rows = new Map<string, StoredPluginSettings>()

  set(tenantId: number, plugin: string, settings: PluginSettings, enabled = true) {
    const key = `${tenantId}/${plugin}`
    const version = (this.rows.get(key)?.version ?? 0) + 1
    this.rows.set(key, { enabled, version, settings })
  }

  async read(plugin: string) {
    return this.rows.get(`${tenantContext.require().tenant.id}/${plugin}`) ?? null
  }
}

/** A registry with in-memory settings, a fake CoA sender and the fixture packages. */
export function testRegistry(settings = new MemorySettings()) {
  const coa = new FakeCoaSender()
  const registry = new PluginRegistry({
    host: { logger, appKey: TEST_APP_KEY, coa: async () => coa },
    settings,
    packageDirectories: [FIXTURE_PACKAGES],
  })
  return { registry, settings, coa }
}

/** Run `work` as tenant `id` (only id and slug are read by the registry). */
export function asTenant<T>(id: number, work: () => Promise<T>): Promise<T> {
  const tenant = { id, slug: `tenant-${id}` } as Tenant
  return tenantContext.run({ tenant, connectionName: `tenant_${id}` }, work)
}

/** The error `promise` rejects with (fails when it resolves). */
export async function rejection(
  promise: Promise<unknown>
): Promise<Error & { code?: string; problems?: string[] }> {
  try {
    await promise
  } catch (error) {
    return error as Error & { code?: string; problems?: string[] }
  }
  throw new Error('expected a rejection')
}
