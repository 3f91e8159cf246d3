/*
 * Running RouterCallJob for real in a test: the database queue, a worker on the `routers` queue,
 * device drivers pointed at fake routers, and fast retries. Everything is put back afterwards.
 */
import { randomBytes } from 'node:crypto'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { exponentialBackoff } from '@adonisjs/queue'
import type { JobOptions } from '@adonisjs/queue/types'
import type Nas from '#models/central/nas'
import type Tenant from '#models/central/tenant'
import RouterCallJob from '#jobs/router_call_job'
import type { DeviceDriver } from '#plugins/contracts/device_driver'
import type { PluginServices } from '#plugins/contracts/services'
import { NasRegistryService, toDeviceNas, type NasInput } from '#services/nas_registry_service'
import { RouterDevices, type RouterDevice } from '#services/router_call_service'
import { FakeRouterOsServer } from '#tests/fakes/routeros/fake_routeros_server'
import { queueWorker } from '#tests/helpers/queue'
import hotspotPlugin from '../../../plugins/mikrotik_hotspot/index.js'

/** Hotspot driver settings with a short router timeout. */
export const FAST_HOTSPOT = {
  hotspotServer: 'all',
  defaultProfile: 'default',
  apiPort: 8728,
  useApiSsl: false,
  timeoutSeconds: 0.3,
}

/** Resolves NAS ids to drivers aimed at fake routers. */
class FakeRouterDevices extends RouterDevices {
  readonly routes = new Map<number, RouterDevice>()

  async resolve(nasId: number): Promise<RouterDevice> {
    const device = this.routes.get(nasId)
    if (!device) throw new Error(`no fake router for NAS #${nasId}`)
    return device
  }
}

/**
 * A worker on the `routers` queue of the database adapter, retrying after 50–100 ms and looking
 * at busy routers again after 50 ms (doubling). `stop()` undoes it all. With `paused`, jobs are
 * queued but run only after `resume()` (a NAS created over HTTP is routed to its fake first).
 *
 * With more than one slot, @boringnode/queue 0.6.0 throws in its loop when a job outlasts
 * `idleDelay` and then pauses the worker for 5 s: tests that need several slots keep their jobs
 * shorter than `idleDelay`, or assert before such a job ends.
 */
export async function startRouterWorker({
  concurrency = 1,
  idleDelay = '20ms',
  paused = false,
} = {}) {
  const devices = new FakeRouterDevices()
  app.container.swap(RouterDevices, () => devices)
  const savedOptions: JobOptions = RouterCallJob.options
  const savedBusyDelay = RouterCallJob.busyDelayMs
  RouterCallJob.options = {
    ...savedOptions,
    retry: { maxRetries: 2, backoff: exponentialBackoff({ baseDelay: '50ms', maxDelay: '100ms' }) },
    timeout: '10s',
  }
  RouterCallJob.busyDelayMs = 50

  // Initialised before anything is dispatched, so dispatches go to the database adapter.
  const worker = await queueWorker({ concurrency, idleDelay })
  if (!paused) worker.start(['routers'])

  return {
    /** Start a paused worker. */
    resume() {
      worker.start(['routers'])
    },
    /** Aim `nas` at a fake router through a fresh hotspot driver. */
    async route(nas: Nas, fake: FakeRouterOsServer, settings = FAST_HOTSPOT) {
      const driver = (await hotspotPlugin.create(settings, {} as PluginServices)) as DeviceDriver
      devices.routes.set(nas.id, {
        driver,
        context: {
          nas: {
            ...toDeviceNas(nas),
            routerApi: { host: fake.host, port: fake.port, username: 'admin', password: 'secret' },
          },
          settings,
        },
      })
    },
    async stop() {
      await worker.stop()
      // Retries and re-dispatches still waiting belong to this test's routers only.
      await db.connection('central').from('queue_jobs').where('queue', 'routers').delete()
      for (const device of devices.routes.values()) await device.driver.close?.()
      app.container.restore(RouterDevices)
      RouterCallJob.options = savedOptions
      RouterCallJob.busyDelayMs = savedBusyDelay
    },
  }
}

/**
 * A test's router worker and fake routers: `fake()` starts a fake router, `reset()` (after each
 * test) stops the worker and closes the fakes.
 */
export function routerLab() {
  const fakes: FakeRouterOsServer[] = []
  const lab = {
    worker: undefined as Awaited<ReturnType<typeof startRouterWorker>> | undefined,
    async fake() {
      const fake = await FakeRouterOsServer.start()
      fakes.push(fake)
      return fake
    },
    async reset() {
      await lab.worker?.stop()
      lab.worker = undefined
      await Promise.all(fakes.splice(0).map((fake) => fake.close()))
    },
  }
  return lab
}

/** A NAS of `tenant` with a unique address and secret (`radius` driven unless overridden). */
export async function nasOf(tenant: Tenant, name: string, overrides: Partial<NasInput> = {}) {
  const octet = () => 1 + (randomBytes(1)[0] % 250)
  return NasRegistryService.create(tenant, {
    name,
    ipAddress: `10.${octet()}.${octet()}.${octet()}`,
    secret: randomBytes(12).toString('hex'),
    ...overrides,
  })
}

/** Poll `check` every 20 ms until it is true or `timeoutMs` passed; whether it became true. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check()) return true
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return check()
}
