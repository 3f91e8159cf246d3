import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import Nas from '#models/central/nas'
import type Tenant from '#models/central/tenant'
import { CustomerStatus } from '#enums/customer_status'
import { PackageKind } from '#enums/package_kind'
import ExpireCustomersJob from '#jobs/expire_customers_job'
import PushRouterJob from '#jobs/push_router_job'
import Customer from '#models/tenant/customer'
import { CustomerService } from '#services/customer_service'
import { DeviceSyncService } from '#services/device_sync_service'
import { PackageService } from '#services/package_service'
import { RadiusUserService } from '#services/radius_user_service'
import { RouterCallService, type RouterCall } from '#services/router_call_service'
import tenancy from '#tenancy/main'
import type { FakeRouterOsServer } from '#tests/fakes/routeros/fake_routeros_server'
import { tenantFixture } from '#tests/helpers/tenants'
import { customerInput, packageInput } from '../catalogue/helpers.js'
import { createdId, nasForm, postNas, staffSession } from '../nas/helpers.js'
import { eventually, nasOf, routerLab, startRouterWorker } from './helpers.js'

const USERS = '/ip/hotspot/user'
const PROFILES = '/ip/hotspot/user/profile'
const ACTIVE = '/ip/hotspot/active'

/*
 * API mode without RADIUS (issue #5 item 4): everything pushed to a new router, kick on the
 * router, and disable on expiry, through the router queue to mikrotik_hotspot NAS aimed at fake
 * routers. Each test has its own tenant.
 */
test.group('API-mode routers: push everything, kick, expiry', (group) => {
  const lab = routerLab()
  group.each.setup(() => () => lab.reset())

  const inTenant = <T>(tenant: Tenant, work: () => Promise<T>) => tenancy.run(tenant, work)
  const allCalls = (tenant: Tenant) =>
    inTenant(tenant, () => new RouterCallService().list({}, 1000))
  const ended = (call: RouterCall) => call.status === 'done' || call.status === 'failed'

  /** The tenant's calls once there are `count` and none is queued or running. */
  async function settled(tenant: Tenant, count: number): Promise<RouterCall[]> {
    await eventually(async () => {
      const calls = await allCalls(tenant)
      return calls.length >= count && calls.every(ended)
    })
    return allCalls(tenant)
  }

  /** A mikrotik_hotspot NAS of `tenant` aimed at a new fake router. */
  async function apiRouter(tenant: Tenant, name: string) {
    const fake = await lab.fake()
    const nas = await nasOf(tenant, name, { driver: 'mikrotik_hotspot' })
    await lab.worker!.route(nas, fake)
    return { nas, fake }
  }

  /** A hotspot package, a PPPoE one, a retired one nobody uses, and three customers. */
  async function catalogue(tenant: Tenant) {
    return inTenant(tenant, async () => {
      const packages = new PackageService()
      const hotspot = await packages.create(packageInput({ rateUpKbps: 1000, rateDownKbps: 5000 }))
      const pppoe = await packages.create(packageInput({ kind: PackageKind.Pppoe }))
      const retired = await packages.create(packageInput({ isActive: false }))
      const customers = new CustomerService()
      for (const username of ['ani.hs', 'budi.hs', 'citra.hs']) {
        await customers.create(customerInput(hotspot.id, { username, password: `pw-${username}` }))
      }
      const budi = await Customer.findByOrFail('username', 'budi.hs')
      await customers.setStatus(budi, CustomerStatus.Disabled)
      return { hotspot, pppoe, retired }
    })
  }

  const users = (fake: FakeRouterOsServer) =>
    fake
      .menu(USERS)
      .items.map((item) => [item.name, item.password, item.profile, item.disabled])
      .sort((a, b) => a[0].localeCompare(b[0]))

  test('pushAll puts existing packages and customers on an empty router, and that router only', async ({
    assert,
  }) => {
    const tenant = await tenantFixture()
    // Created before any API-mode NAS: no router has heard of them.
    const { hotspot, pppoe, retired } = await catalogue(tenant)
    lab.worker = await startRouterWorker()
    const savedChunk = PushRouterJob.chunkSize
    PushRouterJob.chunkSize = 2
    try {
      const { nas, fake } = await apiRouter(tenant, 'Tower A')
      const other = await apiRouter(tenant, 'Tower B')
      assert.lengthOf(await allCalls(tenant), 0)

      assert.isTrue(await inTenant(tenant, () => new DeviceSyncService().pushAll(nas)))
      // The hotspot profile, the PPPoE one (the hotspot driver skips it), then three accounts.
      const calls = await settled(tenant, 5)
      assert.deepEqual(
        calls.map((call) => [call.nasId, call.action, call.target, call.status]).reverse(),
        [
          [nas.id, 'addPackage', hotspot.groupName, 'done'],
          [nas.id, 'addPackage', pppoe.groupName, 'done'],
          [nas.id, 'addCustomer', 'ani.hs', 'done'],
          [nas.id, 'addCustomer', 'budi.hs', 'done'],
          [nas.id, 'addCustomer', 'citra.hs', 'done'],
        ]
      )
      const profiles = fake.menu(PROFILES).items.map((item) => item.name)
      assert.include(profiles, hotspot.groupName)
      assert.notInclude(profiles, retired.groupName)
      assert.include(
        fake.menu(PROFILES).items.find((item) => item.name === hotspot.groupName),
        { 'rate-limit': '1M/5M' }
      )
      // Passwords come from RADIUS; the disabled customer is disabled on the router.
      assert.deepEqual(users(fake), [
        ['ani.hs', 'pw-ani.hs', hotspot.groupName, 'false'],
        ['budi.hs', 'pw-budi.hs', hotspot.groupName, 'true'],
        ['citra.hs', 'pw-citra.hs', hotspot.groupName, 'false'],
      ])
      assert.lengthOf(other.fake.menu(USERS).items, 0)

      // Pushing again is safe: the router still holds one of each.
      await inTenant(tenant, () => new DeviceSyncService().pushAll(nas))
      await settled(tenant, 10)
      assert.lengthOf(fake.menu(USERS).items, 3)
      assert.deepEqual(await inTenant(tenant, () => new DeviceSyncService().callCounts(nas.id)), {
        queued: 0,
        failed: 0,
      })

      // A RADIUS NAS has nothing to push.
      const radiusNas = await nasOf(tenant, 'RADIUS')
      assert.isFalse(await inTenant(tenant, () => new DeviceSyncService().pushAll(radiusNas)))
    } finally {
      PushRouterJob.chunkSize = savedChunk
    }
  })

  test('a NAS added over HTTP with an API driver gets everything; so does one switched to it', async ({
    assert,
  }) => {
    const tenant = await tenantFixture()
    await catalogue(tenant)
    const worker = (lab.worker = await startRouterWorker({ paused: true }))
    const session = await staffSession(tenant)

    const created = await postNas(
      session,
      nasForm({ name: 'Tower HTTP', driver: 'mikrotik_hotspot' })
    )
    const id = createdId(created.location)
    const fake = await lab.fake()
    await worker.route(await Nas.findOrFail(id), fake)
    worker.resume()
    await settled(tenant, 5)
    assert.lengthOf(fake.menu(USERS).items, 3)

    // The NAS page counts its calls and offers the push again.
    const page = await session.get(`/nas/${id}`)
    assert.include(page.text, 'data-calls="queued">0<')
    assert.include(page.text, 'data-calls="failed">0<')
    assert.include(page.text, `action="/nas/${id}/push"`)
    assert.include(page.text, 'Kirim semua ke router')

    const pushed = await session.submit(`/nas/${id}`, `/nas/${id}/push`, {})
    assert.equal(pushed.status, 302)
    assert.equal(pushed.location, `/nas/${id}`)
    assert.include(
      (await session.get(`/nas/${id}`)).text,
      'Semua paket dan pelanggan sedang dikirim'
    )
    await settled(tenant, 10)
    assert.isTrue((await allCalls(tenant)).every((call) => call.status === 'done'))

    // A RADIUS NAS switched to the hotspot driver gets its copy; saving it again pushes nothing.
    const switched = await nasOf(tenant, 'Tower Switched')
    const second = await lab.fake()
    await worker.route(switched, second)
    const form = nasForm({
      name: 'Tower Switched',
      ipAddress: switched.ipAddress!,
      driver: 'mikrotik_hotspot',
    })
    const saved = await session.submit(
      `/nas/${switched.id}/edit`,
      `/nas/${switched.id}`,
      form,
      'PUT'
    )
    assert.equal(saved.status, 302)
    await settled(tenant, 15)
    assert.lengthOf(second.menu(USERS).items, 3)
    await session.submit(`/nas/${switched.id}/edit`, `/nas/${switched.id}`, form, 'PUT')
    await new Promise((resolve) => setTimeout(resolve, 300))
    assert.lengthOf(await settled(tenant, 15), 15)
  })

  test('kick ends the customer’s session on the router', async ({ assert }) => {
    const tenant = await tenantFixture()
    lab.worker = await startRouterWorker()
    const { fake } = await apiRouter(tenant, 'Tower A')
    const { customer } = await inTenant(tenant, async () => {
      const pkg = await new PackageService().create(packageInput())
      return new CustomerService().create(customerInput(pkg.id, { username: 'dewi.hs' }))
    })
    await settled(tenant, 2)
    fake.injectHotspotSession({ user: 'dewi.hs', uptime: '5m' })
    fake.injectHotspotSession({ user: 'eko.hs', uptime: '2m' })

    // No RADIUS session: the one request is the router's.
    assert.equal(await inTenant(tenant, () => new CustomerService().kick(customer)), 1)
    const [kick] = await settled(tenant, 3)
    assert.include(kick, { action: 'disconnect', target: 'dewi.hs', status: 'done' })
    assert.deepEqual(kick.result, { disconnected: true, message: 'Disconnected dewi.hs' })
    assert.deepEqual(
      fake.menu(ACTIVE).items.map((item) => item.user),
      ['eko.hs']
    )
  })

  test('the expiry job expires and disables past-expiry customers once, and no one else', async ({
    assert,
  }) => {
    const tenant = await tenantFixture()
    lab.worker = await startRouterWorker()
    const { fake } = await apiRouter(tenant, 'Tower A')
    const past = DateTime.now().minus({ minutes: 5 })
    await inTenant(tenant, async () => {
      const pkg = await new PackageService().create(packageInput())
      const customers = new CustomerService()
      for (const username of ['lewat.hs', 'masih.hs', 'isolir.hs', 'mati.hs']) {
        await customers.create(customerInput(pkg.id, { username }))
      }
      await Customer.query()
        .whereIn('username', ['lewat.hs', 'isolir.hs', 'mati.hs'])
        .update({ expires_at: past.toFormat('yyyy-MM-dd HH:mm:ss') })
      await customers.setStatus(
        await Customer.findByOrFail('username', 'isolir.hs'),
        CustomerStatus.Isolir
      )
      await customers.setStatus(
        await Customer.findByOrFail('username', 'mati.hs'),
        CustomerStatus.Disabled
      )
    })
    // A package, four accounts, two status changes.
    await settled(tenant, 7)
    fake.injectHotspotSession({ user: 'lewat.hs' })
    fake.injectHotspotSession({ user: 'masih.hs' })

    const statuses = () =>
      inTenant(tenant, async () => {
        const rows = await Customer.query().orderBy('username')
        return Object.fromEntries(rows.map((row) => [row.username, row.status]))
      })
    const expected = {
      'isolir.hs': CustomerStatus.Isolir,
      'lewat.hs': CustomerStatus.Expired,
      'masih.hs': CustomerStatus.Active,
      'mati.hs': CustomerStatus.Disabled,
    }

    await new ExpireCustomersJob().execute()
    assert.deepEqual(await statuses(), expected)
    const radius = await inTenant(tenant, () => new RadiusUserService().find('lewat.hs'))
    assert.equal(radius?.status, 'expired')
    // Disabling the account logs it out: no separate disconnect.
    const calls = await settled(tenant, 8)
    assert.deepEqual(
      calls.slice(0, 2).map((call) => [call.action, call.target, call.status]),
      [
        ['updateCustomer', 'lewat.hs', 'done'],
        ['updateCustomer', 'mati.hs', 'done'],
      ]
    )
    const account = (name: string) => fake.menu(USERS).items.find((item) => item.name === name)
    assert.include(account('lewat.hs'), { disabled: 'true' })
    assert.include(account('masih.hs'), { disabled: 'false' })
    assert.deepEqual(
      fake.menu(ACTIVE).items.map((item) => item.user),
      ['masih.hs']
    )

    // Again: nothing left to expire, nothing queued.
    await new ExpireCustomersJob().execute()
    assert.deepEqual(await statuses(), expected)
    await new Promise((resolve) => setTimeout(resolve, 200))
    assert.lengthOf(await settled(tenant, 8), 8)

    // A renewal brings the expired customer back, on the router too.
    await inTenant(tenant, async () =>
      new CustomerService().extend(await Customer.findByOrFail('username', 'lewat.hs'))
    )
    await settled(tenant, 9)
    assert.include(account('lewat.hs'), { disabled: 'false' })
    await new ExpireCustomersJob().execute()
    assert.equal((await statuses())['lewat.hs'], CustomerStatus.Active)
  })
})
