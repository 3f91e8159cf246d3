/*
 * Running jobs through the real database queue in a test. A @boringnode/queue Worker
 * re-initialises the process-wide QueueManager with its own configuration, so every helper here
 * puts the app's configuration (the inline `sync` adapter in tests) back when it is done:
 * otherwise every later dispatch in the run would wait in a queue nobody works.
 */
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import hash from '@adonisjs/core/services/hash'
import { drivers, QueueManager, Worker } from '@adonisjs/queue'
import type { QueueManagerConfig } from '@adonisjs/queue/types'
import type ProvisioningRun from '#models/central/provisioning_run'
import ProvisionTenantJob from '#jobs/provision_tenant_job'
import { TenantProvisioningService } from '#services/tenant_provisioning_service'
import { uniqueSlug } from '#tests/helpers/tenants'

/** Put the app's own queue configuration back. */
export async function restoreAppQueue() {
  const config = app.config.get<QueueManagerConfig>('queue')
  const adapters: QueueManagerConfig['adapters'] = {}
  for (const [name, adapter] of Object.entries(config.adapters)) {
    const provider = adapter as unknown as {
      resolver?: (application: typeof app) => Promise<unknown>
    }
    adapters[name] = (provider.resolver ? await provider.resolver(app) : adapter) as never
  }
  await QueueManager.init({
    ...config,
    autoLoadJobs: false,
    adapters,
    jobFactory: (jobClass) => app.container.make(jobClass),
    logger,
  })
}

/** The production queue backends: the central database (embedded default) and Redis. */
const BACKENDS = {
  database: () => drivers.database({ connectionName: 'central' }),
  redis: () => drivers.redis({ connectionName: 'main' }),
}

/**
 * A worker on a real queue backend (the central database unless `backend` says redis),
 * initialised at once: from now on dispatches go to that backend. `start(queues)` runs it in the
 * background, `cycle(queues)` processes one round by hand, `stop()` stops it and restores the
 * app's queue.
 */
export async function queueWorker({
  concurrency = 1,
  idleDelay = '50ms',
  backend = 'database' as keyof typeof BACKENDS,
} = {}) {
  const adapter = await BACKENDS[backend]().resolver(app)
  const worker = new Worker({
    default: backend,
    adapters: { [backend]: adapter },
    jobFactory: (jobClass) => app.container.make(jobClass),
    worker: { concurrency, idleDelay, gracefulShutdown: false },
  } as QueueManagerConfig)
  await worker.init()
  let running: Promise<void> | undefined
  return {
    start(queues: string[] = ['default']) {
      running = worker.start(queues)
    },
    cycle(queues: string[] = ['default']) {
      return worker.processCycle(queues)
    },
    async stop() {
      try {
        await worker.stop()
        await running?.catch(() => {})
      } finally {
        await restoreAppQueue()
      }
    },
  }
}

/** A sign-up reserved and its provisioning job dispatched (to `queue` when given). */
export async function queuedSignUp(queue?: string): Promise<ProvisioningRun> {
  const slug = uniqueSlug('q')
  const run = await new TenantProvisioningService().reserve({
    businessName: 'Queue Net',
    subdomain: slug,
    email: `o@${slug}.test`,
  })
  const dispatch = ProvisionTenantJob.dispatch({
    runId: run.id,
    ownerPasswordHash: await hash.make('secret-123'),
    ownerName: 'Owner',
  })
  await (queue ? dispatch.toQueue(queue) : dispatch)
  return run
}

/** Cycles `worker` on `queues` until `run` is done or failed (at most 20 rounds). */
export async function workUntilSettled(
  worker: Awaited<ReturnType<typeof queueWorker>>,
  run: ProvisioningRun,
  queues?: string[]
) {
  for (let cycle = 0; cycle < 20 && run.status !== 'done' && run.status !== 'failed'; cycle++) {
    await worker.cycle(queues)
    await run.refresh()
  }
}
