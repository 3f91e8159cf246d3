import { test } from '@japa/runner'
import { watchProcessFailures } from '#tests/fakes/routeros/process_watch'
import { rejection, routerFixture } from './helpers.js'
import { RouterPool } from '../../../app/devices/routeros/router_pool.js'
import { RouterOsClient } from '../../../app/devices/routeros/routeros_client.js'

/*
 * Routers that misbehave at the TCP level. Every case must end in a typed RouterError within a
 * bounded time, and nothing may reach the process as an uncaught exception or rejection.
 */
test.group('RouterOS client / hostile routers', (group) => {
  let watch: ReturnType<typeof watchProcessFailures>
  group.each.setup(() => {
    watch = watchProcessFailures()
    return () => watch.stop()
  })
  group.each.teardown(({ context }) => {
    context.assert.deepEqual(watch.failures, [], 'nothing reached the process level')
  })

  test('accepts TCP and never answers: E_ROUTER_TIMEOUT after every retry', async ({
    assert,
    cleanup,
  }) => {
    const { client, fake } = await routerFixture(cleanup, {
      behaviour: 'silent',
      pool: { timeoutMs: 200, retries: 2, backoffMs: 20 },
    })
    const started = Date.now()
    const error = await rejection(client.print('/ip/hotspot/user'))
    assert.equal(error.code, 'E_ROUTER_TIMEOUT')
    assert.match(error.message, /did not answer/)
    assert.isTrue(error.retryable)
    assert.equal(fake.accepted, 3)
    // 3 tries of 200 ms plus 20 + 40 ms of backoff, with slack for a loaded machine.
    assert.isBelow(Date.now() - started, 2000)
  })

  test('logs in, then stalls: the command times out and the connection is dropped', async ({
    assert,
    cleanup,
  }) => {
    const { client, fake, pool } = await routerFixture(cleanup, {
      behaviour: 'stall',
      pool: { timeoutMs: 200 },
    })
    const error = await rejection(client.run('/system/resource/print'))
    assert.equal(error.code, 'E_ROUTER_TIMEOUT')
    assert.match(error.message, /did not answer \/system\/resource\/print within 200 ms/)
    await new Promise((resolve) => setTimeout(resolve, 50))
    assert.deepEqual([pool.size, fake.openConnections], [0, 0])
  })

  test('closes in the middle of a reply: E_ROUTER_UNREACHABLE, retried', async ({
    assert,
    cleanup,
  }) => {
    const { client, fake } = await routerFixture(cleanup, {
      behaviour: 'cut-reply',
      pool: { retries: 1, backoffMs: 10 },
    })
    const error = await rejection(client.run('/interface/print'))
    assert.equal(error.code, 'E_ROUTER_UNREACHABLE')
    assert.match(error.message, /closed the connection/)
    assert.equal(fake.accepted, 2)
    fake.behaviour = 'normal'
    assert.lengthOf(await client.run('/interface/print'), 3)
  })

  test('nothing listens: E_ROUTER_UNREACHABLE naming the socket error', async ({ assert }) => {
    const pool = new RouterPool({ timeoutMs: 500, retries: 1, backoffMs: 10 })
    const client = new RouterOsClient(
      { host: '127.0.0.1', port: 1, username: 'a', password: 'b' },
      pool
    )
    const error = await rejection(client.print('/ppp/active'))
    assert.equal(error.code, 'E_ROUTER_UNREACHABLE')
    assert.equal(error.message, 'Cannot reach router 127.0.0.1:1: ECONNREFUSED')
    assert.equal(pool.size, 0)
  })

  test('an idle connection the library times out itself is dropped quietly', async ({
    assert,
    cleanup,
  }) => {
    const { client, pool, fake } = await routerFixture(cleanup, {
      pool: { timeoutMs: 150, idleMs: 60_000 },
    })
    await client.print('/ppp/secret')
    await new Promise((resolve) => setTimeout(resolve, 400))
    assert.deepEqual([pool.size, fake.openConnections], [0, 0])
    assert.deepEqual(await client.print('/ppp/secret'), [])
  })

  test('a flood of calls to a silent router all fail, bounded', async ({ assert, cleanup }) => {
    const { client } = await routerFixture(cleanup, {
      behaviour: 'silent',
      pool: { timeoutMs: 150 },
    })
    const errors = await Promise.all(
      Array.from({ length: 20 }, () => rejection(client.print('/ip/hotspot/active')))
    )
    assert.deepEqual(new Set(errors.map((error) => error.code)), new Set(['E_ROUTER_TIMEOUT']))
  })
})
