import env from '#start/env'
import { defineConfig, drivers } from '@adonisjs/queue'

const driver = env.get('QUEUE_DRIVER')

/**
 * Only the selected adapter is registered: a Redis adapter would connect at boot even when
 * unused, and the embedded default must run without Redis.
 */
export default defineConfig({
  default: driver,
  adapters: {
    ...(driver === 'redis' ? { redis: drivers.redis({ connectionName: 'main' }) } : {}),
    ...(driver === 'database' ? { database: drivers.database({ connectionName: 'central' }) } : {}),
    sync: drivers.sync(),
  },
  worker: {
    concurrency: 5,
    idleDelay: '1s',
  },
  locations: ['./app/jobs/**/*.{ts,js}'],
})
