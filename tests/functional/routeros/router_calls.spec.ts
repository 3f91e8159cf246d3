import { test } from '@japa/runner'
import type Tenant from '#models/central/tenant'
import type { DeviceCustomer } from '#plugins/contracts/device_driver'
import { RouterCallService, RouterDevices, type RouterCall } from '#services/router_call_service'
import tenancy from '#tenancy/main'
import {
  FakeRouterOsServer,
  type FakeRouterOsOptions,
} from '#tests/fakes/routeros/fake_routeros_server'
import { watchProcessFailures } from '#tests/fakes/routeros/process_watch'
import { tenantFixture } from '#tests/helpers/tenants'
import { eventually, nasOf, startRouterWorker } from './helpers.js'

const CUSTOMER: DeviceCustomer = {
  username: 'V8K2Q',
  password: '4821',
  service: 'hotspot',
  packageName: 'default',
  enabled: true,
}

type Worker = Awaited<ReturnType<typeof startRouterWorker>>

/*
 * RouterCallJob end to end: the database queue, a worker on `routers`, the hotspot plugin and
 * fake routers. One tenant for the group; each test gets its own NAS and fake router.
 */
test.group('Router calls through the queue', (group) => {
  let tenant: Tenant
  let worker: Worker | undefined
  let watch: ReturnType<typeof watchProcessFailures>
  const fakes: FakeRouterOsServer[] = []

  group.setup(async () => {
    tenant = await tenantFixture()
  })
  group.each.setup(async () => {
    watch = watchProcessFailures()
    return async () => {
      await worker?.stop()
      worker = undefined
      await Promise.all(fakes.splice(0).map((fake) => fake.close()))
      watch.stop()
    }
  })
  group.each.teardown(({ context }) => {
    context.assert.deepEqual(watch.failures, [], 'nothing reached the process level')
  })

  const calls = () => new RouterCallService()
  const inTenant = <T>(work: () => Promise<T>) => tenancy.run(tenant, work)
  const find = (id: number) => inTenant(async () => (await calls().find(id))!)
  const finished = (id: number) => async () => ['done', 'failed'].includes((await find(id)).status)

  /** Start the test's worker (one slot unless said otherwise; see startRouterWorker). */
  async function withWorker(options?: Parameters<typeof startRouterWorker>[0]) {
    worker = await startRouterWorker(options)
  }

  async function routerFor(name: string, options: FakeRouterOsOptions = {}) {
    const fake = await FakeRouterOsServer.start(options)
    fakes.push(fake)
    const nas = await nasOf(tenant, name)
    await worker!.route(nas, fake)
    return { fake, nas }
  }

  async function settled(id: number, timeoutMs?: number): Promise<RouterCall> {
    await eventually(finished(id), timeoutMs)
    return find(id)
  }

  test('add user → listed online → session removed, each call recorded', async ({ assert }) => {
    await withWorker()
    const { fake, nas } = await routerFor('Tower A', { version: '7.18.2 (stable)' })
    const added = await inTenant(() =>
      calls().enqueue({ nasId: nas.id, action: 'addCustomer', args: [CUSTOMER], actor: 'cashier' })
    )
    assert.equal((await find(added)).status, 'queued')
    assert.include(await settled(added), { status: 'done', attempts: 1, target: 'V8K2Q' })
    // The sealed arguments (with the password) are dropped once the call has ended.
    assert.isNull(await inTenant(() => calls().argumentsOf(added)))
    assert.include(fake.menu('/ip/hotspot/user').items[0], { name: 'V8K2Q', password: '4821' })

    const session = fake.injectHotspotSession({ user: 'V8K2Q', uptime: '5m' })
    const listed = await inTenant(() =>
      calls().enqueue({ nasId: nas.id, action: 'listOnline', args: [] })
    )
    const online = await settled(listed)
    assert.equal(online.status, 'done')
    assert.deepEqual(
      (online.result as { username: string }[]).map((row) => row.username),
      ['V8K2Q']
    )

    const kicked = await inTenant(() =>
      calls().enqueue({
        nasId: nas.id,
        action: 'disconnect',
        args: [{ id: session['.id'], username: 'V8K2Q' }],
      })
    )
    assert.deepInclude(await settled(kicked), {
      status: 'done',
      result: { disconnected: true, message: 'Disconnected V8K2Q' },
    })
    assert.lengthOf(fake.menu('/ip/hotspot/active').items, 0)

    const history = await inTenant(() => calls().list({ target: 'V8K2Q' }))
    assert.deepEqual(
      history.map((call) => [call.action, call.status]),
      [
        ['disconnect', 'done'],
        ['addCustomer', 'done'],
      ]
    )
    assert.equal(history[1].actor, 'cashier')
  })

  test('a !trap fails the call at once, as E_ROUTER_TRAP', async ({ assert }) => {
    await withWorker()
    const { fake, nas } = await routerFor('Tower B')
    fake.scriptReply('/ip/hotspot/user/add', [
      ['!trap', '=message=failure: already have user with this name for this server'],
      ['!done'],
    ])
    const id = await inTenant(() =>
      calls().enqueue({ nasId: nas.id, action: 'addCustomer', args: [CUSTOMER] })
    )
    assert.deepInclude(await settled(id), {
      status: 'failed',
      attempts: 1,
      error: 'E_ROUTER_TRAP: failure: already have user with this name for this server',
    })
  })

  test('a router that never answers: timeouts, retries, then failed', async ({ assert }) => {
    await withWorker()
    const { fake, nas } = await routerFor('Silent', { behaviour: 'silent' })
    const id = await inTenant(() =>
      calls().enqueue({ nasId: nas.id, action: 'addCustomer', args: [CUSTOMER] })
    )
    const call = await settled(id)
    assert.include(call, { status: 'failed', attempts: 3 })
    assert.match(call.error!, /^E_ROUTER_TIMEOUT: Router 127\.0\.0\.1:\d+ did not answer the login/)
    // Three job attempts, each with one quick retry inside the RouterOS client.
    assert.equal(fake.accepted, 6)
  })

  test('a router that closes mid-reply: retried, then failed with the reason', async ({
    assert,
  }) => {
    await withWorker()
    const { nas } = await routerFor('Flaky', { behaviour: 'cut-reply' })
    const id = await inTenant(() =>
      calls().enqueue({ nasId: nas.id, action: 'listOnline', args: [] })
    )
    const call = await settled(id)
    assert.include(call, { status: 'failed', attempts: 3 })
    assert.match(
      call.error!,
      /^E_ROUTER_UNREACHABLE: Router 127\.0\.0\.1:\d+ closed the connection/
    )
  })

  test('a hanging router does not delay calls to a healthy one', async ({ assert }) => {
    await withWorker({ concurrency: 4 })
    const hanging = await routerFor('Hanging', { behaviour: 'stall' })
    const healthy = await routerFor('Healthy')
    const stuck = await inTenant(async () => {
      const ids: number[] = []
      for (const username of ['a1', 'a2', 'a3', 'a4', 'a5', 'a6']) {
        ids.push(
          await calls().enqueue({
            nasId: hanging.nas.id,
            action: 'addCustomer',
            args: [{ ...CUSTOMER, username }],
          })
        )
      }
      return ids
    })
    const ok = await inTenant(() =>
      calls().enqueue({ nasId: healthy.nas.id, action: 'addCustomer', args: [CUSTOMER] })
    )
    assert.equal((await settled(ok, 10_000)).status, 'done')
    // The healthy router was served while the hanging one still holds its first call: the
    // oldest call is in flight (or waiting for its retry) and the later ones were never tried.
    const waiting = await Promise.all(stuck.map(find))
    assert.include(['running', 'queued'], waiting[0].status)
    assert.isAtLeast(waiting[0].attempts, 1)
    assert.deepEqual(
      waiting.slice(1).map((call) => [call.status, call.attempts]),
      Array(5).fill(['queued', 0])
    )
  })

  test('calls to one router run in the order they were queued', async ({ assert }) => {
    // Several slots, so the later calls are picked while the first runs and must wait their turn.
    await withWorker({ concurrency: 4, idleDelay: '1s' })
    const { fake, nas } = await routerFor('Slow', { latencyMs: 40 })
    const ids = await inTenant(async () => [
      await calls().enqueue({ nasId: nas.id, action: 'addCustomer', args: [CUSTOMER] }),
      await calls().enqueue({
        nasId: nas.id,
        action: 'updateCustomer',
        args: [{ ...CUSTOMER, enabled: false }],
      }),
      await calls().enqueue({
        nasId: nas.id,
        action: 'updateCustomer',
        args: [{ ...CUSTOMER, password: 'new' }],
      }),
    ])
    for (const id of ids) assert.equal((await settled(id)).status, 'done')
    // Run out of order, the add would have re-enabled the user or restored the old password.
    assert.include(fake.menu('/ip/hotspot/user').items[0], { password: 'new', disabled: 'false' })
    const sets = fake.received.filter((words) => words[0] === '/ip/hotspot/user/set')
    assert.deepEqual(
      sets.map((words) => words.find((word) => word.startsWith('=password='))),
      ['=password=4821', '=password=new']
    )
  })

  test('in production a NAS resolves through the plugin registry, within its tenant', async ({
    assert,
  }) => {
    const nas = await nasOf(tenant, 'Registry')
    const device = await inTenant(() => new RouterDevices().resolve(nas.id))
    assert.include(device.context.nas, { id: nas.id, tenantId: tenant.id, name: 'Registry' })
    assert.isFunction(device.driver.addCustomer)
    const other = await tenantFixture()
    const error = await tenancy
      .run(other, () => new RouterDevices().resolve(nas.id))
      .catch((failure: unknown) => failure)
    assert.include(error, { code: 'E_NAS_UNKNOWN' })
  })
})
