/*
 * Running jobs through the real database queue in a test. A @boringnode/queue Worker
 * re-initialises the process-wide QueueManager with its own configuration, so every helper here
 * puts the app's configuration (the inline `sync` adapter in tests) back when it is done:
 * otherwise every later dispatch in the run would wait in a queue nobody works.
 */
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import { drivers, QueueManager, Worker } from '@adonisjs/queue'
import type { QueueManagerConfig } from '@adonisjs/queue/types'

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

/**
 * A worker on the central database queue, initialised at once: from now on dispatches go to the
 * database. `start(queues)` runs it in the background, `cycle(queues)` processes one round by
 * hand, `stop()` stops it and restores the app's queue.
 */
export async function databaseWorker({ concurrency = 1, idleDelay = '50ms' } = {}) {
  const adapter = await drivers.database({ connectionName: 'central' }).resolver(app)
  const worker = new Worker({
    default: 'database',
    adapters: { database: adapter },
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
