/*
 * Shared by the RouterOS unit specs: a fake router with a client, the RouterError a promise
 * rejects with, and a device context pointing at the fake.
 */
import { RouterError } from '../../../app/devices/routeros/router_error.js'
import { RouterPool, type RouterPoolOptions } from '../../../app/devices/routeros/router_pool.js'
import { RouterOsClient } from '../../../app/devices/routeros/routeros_client.js'
import type { DeviceContext, RouterApiAccess } from '#plugins/contracts/device_driver'
import type { PluginSettings } from '#plugins/contracts/manifest'
import {
  FakeRouterOsServer,
  type FakeRouterOsOptions,
} from '#tests/fakes/routeros/fake_routeros_server'

/** A fake router, a pool with short timeouts and a client of the router, closed after the test. */
export async function routerFixture(
  cleanup: (fn: () => Promise<void>) => void,
  options: FakeRouterOsOptions & { pool?: RouterPoolOptions; clientPassword?: string } = {}
) {
  const fake = await FakeRouterOsServer.start(options)
  const pool = new RouterPool({ timeoutMs: 1000, retries: 0, ...options.pool })
  const client = new RouterOsClient(
    {
      host: fake.host,
      port: fake.port,
      username: 'admin',
      password: options.clientPassword ?? 'secret',
    },
    pool
  )
  cleanup(async () => {
    await pool.closeAll()
    await fake.close()
  })
  return { fake, pool, client }
}

/** The RouterError `promise` rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<RouterError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof RouterError) return error
    throw error
  }
  throw new Error('expected a RouterError')
}

/** A DeviceContext for a NAS whose RouterOS API is the fake router. */
export function deviceContext<S extends PluginSettings>(
  fake: FakeRouterOsServer,
  settings: S,
  routerApi: Partial<RouterApiAccess> | null = {}
): DeviceContext<S> {
  return {
    nas: {
      id: 1,
      tenantId: 1,
      name: 'Tower A',
      type: 'mikrotik',
      ipAddress: '127.0.0.1',
      identifier: null,
      secret: 'radius-secret',
      coaPort: 3799,
      requireMessageAuthenticator: true,
      routerApi: routerApi && {
        host: fake.host,
        port: fake.port,
        username: 'admin',
        password: 'secret',
        ...routerApi,
      },
    },
    settings,
  }
}

/** Settings both MikroTik plugins share, with a short timeout for tests. */
export const ROUTEROS_TEST_SETTINGS = { apiPort: 8728, useApiSsl: false, timeoutSeconds: 0.5 }
