/*
 * The Redis backends production runs on (QUEUE_DRIVER=redis, LIMITER_STORE=redis), against the
 * machine's real Redis. Redis missing is a failure here, never a skip: .ci/run checks this group
 * ran on every target.
 */
import { randomBytes } from 'node:crypto'
import { test } from '@japa/runner'
import limiter from '@adonisjs/limiter/services/main'
import redis from '@adonisjs/redis/services/main'
import ProvisioningRun from '#models/central/provisioning_run'
import { queuedSignUp, queueWorker, workUntilSettled } from '#tests/helpers/queue'

test.group('Redis: queue and rate limiter', () => {
  test('a sign-up queued in Redis waits there until a worker runs it, then reports done', async ({
    assert,
  }) => {
    // A queue of this run only: other runs may share the machine's Redis.
    const queue = `rbtest-${randomBytes(4).toString('hex')}`
    const worker = await queueWorker({ backend: 'redis' })
    try {
      const run = await queuedSignUp(queue)

      await run.refresh()
      assert.equal(run.status, 'queued')
      const keys = await redis.connection('main').keys(`*${queue}*`)
      assert.isAbove(keys.length, 0, 'the job is not in Redis')

      await workUntilSettled(worker, run, [queue])
      assert.equal(run.status, 'done')
      assert.equal((await ProvisioningRun.findOrFail(run.id)).progress, 100)
    } finally {
      await worker.stop()
    }
  })

  test('the Redis limiter store counts across calls and refuses past the limit', async ({
    assert,
  }) => {
    const key = `rbtest:login:${randomBytes(4).toString('hex')}`
    const store = limiter.use('redis', { requests: 2, duration: '1 minute' })
    try {
      await store.consume(key)
      await store.consume(key)
      assert.equal(await store.remaining(key), 0)
      await assert.rejects(() => store.consume(key), /Too many requests/i)
      // The count lives in Redis, not in this store object.
      const again = limiter.use('redis', { requests: 2, duration: '1 minute' })
      assert.equal(await again.remaining(key), 0)
    } finally {
      await store.delete(key)
    }
  })
})
