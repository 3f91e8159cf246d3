import { test } from '@japa/runner'
import type Nas from '#models/central/nas'
import type Tenant from '#models/central/tenant'
import type User from '#models/tenant/user'
import { CustomerStatus } from '#enums/customer_status'
import Customer from '#models/tenant/customer'
import Package from '#models/tenant/package'
import { CustomerService } from '#services/customer_service'
import { OfflineSaleService } from '#services/offline_sale_service'
import { PackageService } from '#services/package_service'
import { RouterCallService, type RouterCall } from '#services/router_call_service'
import tenancy from '#tenancy/main'
import { FakeRouterOsServer } from '#tests/fakes/routeros/fake_routeros_server'
import { hostOf, ownerOf, tenantFixture } from '#tests/helpers/tenants'
import { customerInput, packageInput } from '../catalogue/helpers.js'
import { eventually, nasOf, startRouterWorker } from './helpers.js'

type Worker = Awaited<ReturnType<typeof startRouterWorker>>

const USERS = '/ip/hotspot/user'
const PROFILES = '/ip/hotspot/user/profile'

/*
 * DeviceSyncService end to end: customer and package changes made through their services reach
 * API-mode routers (mikrotik_hotspot NAS aimed at fake routers) through RouterCallJob, and the
 * customer page shows how each call went. Each test has its own tenant, so no call of an earlier
 * test's router shows up.
 */
test.group('Device sync to API-mode routers', (group) => {
  let worker: Worker | undefined
  const fakes: FakeRouterOsServer[] = []

  group.each.setup(() => async () => {
    await worker?.stop()
    worker = undefined
    await Promise.all(fakes.splice(0).map((fake) => fake.close()))
  })

  /** A tenant with a worker on `routers` and one mikrotik_hotspot NAS per name, each faked. */
  async function apiTenant(...names: string[]) {
    const tenant = await tenantFixture()
    worker = await startRouterWorker()
    const routers: { nas: Nas; fake: FakeRouterOsServer }[] = []
    for (const name of names) {
      const fake = await FakeRouterOsServer.start()
      fakes.push(fake)
      const nas = await nasOf(tenant, name, { driver: 'mikrotik_hotspot' })
      await worker.route(nas, fake)
      routers.push({ nas, fake })
    }
    return { tenant, routers }
  }

  const inTenant = <T>(tenant: Tenant, work: () => Promise<T>) => tenancy.run(tenant, work)
  const callsAbout = (tenant: Tenant, target?: string) =>
    inTenant(tenant, () => new RouterCallService().list(target ? { target } : {}, 100))

  /** The calls about `target` once there are `count` and none is queued or running. */
  async function settled(tenant: Tenant, target: string, count: number): Promise<RouterCall[]> {
    const ended = (call: RouterCall) => call.status === 'done' || call.status === 'failed'
    await eventually(async () => {
      const calls = await callsAbout(tenant, target)
      return calls.length >= count && calls.every(ended)
    })
    return callsAbout(tenant, target)
  }
  const summary = (calls: RouterCall[]) => calls.map((call) => [call.action, call.status])

  test('a hotspot customer reaches the router on its package profile, then is disabled and removed', async ({
    assert,
  }) => {
    const { tenant, routers } = await apiTenant('Tower A')
    const { fake } = routers[0]
    const pkg = await inTenant(tenant, () =>
      new PackageService().create(packageInput({ rateUpKbps: 2000, rateDownKbps: 10_000 }))
    )
    const { customer } = await inTenant(tenant, () =>
      new CustomerService().create(
        customerInput(pkg.id, { username: 'budi.hs', password: 'rahasia1' })
      )
    )
    assert.deepEqual(summary(await settled(tenant, pkg.groupName, 1)), [['addPackage', 'done']])
    assert.deepEqual(summary(await settled(tenant, 'budi.hs', 1)), [['addCustomer', 'done']])
    assert.include(
      fake.menu(PROFILES).items.find((item) => item.name === pkg.groupName),
      {
        'rate-limit': '2M/10M',
      }
    )
    assert.include(fake.menu(USERS).items[0], {
      name: 'budi.hs',
      password: 'rahasia1',
      profile: pkg.groupName,
      disabled: 'false',
      comment: 'Budi Santoso',
    })

    await inTenant(tenant, () => new CustomerService().setStatus(customer, CustomerStatus.Disabled))
    await settled(tenant, 'budi.hs', 2)
    assert.include(fake.menu(USERS).items[0], { name: 'budi.hs', disabled: 'true' })

    await inTenant(tenant, () => new CustomerService().delete(customer))
    assert.deepEqual(summary(await settled(tenant, 'budi.hs', 3)), [
      ['removeCustomer', 'done'],
      ['updateCustomer', 'done'],
      ['addCustomer', 'done'],
    ])
    assert.lengthOf(fake.menu(USERS).items, 0)
  })

  test('a renewal sold at the counter reaches the router once it is recorded', async ({
    assert,
  }) => {
    const { tenant } = await apiTenant('Tower A')
    const owner = await ownerOf(tenant)
    const pkg = await inTenant(tenant, () => new PackageService().create(packageInput()))
    const { customer } = await inTenant(tenant, () =>
      new CustomerService().create(customerInput(pkg.id, { username: 'sari.hs' }))
    )
    await settled(tenant, 'sari.hs', 1)
    await inTenant(tenant, () =>
      new OfflineSaleService().sell(
        { packageId: pkg.id, quantity: 1, customerId: customer.id },
        owner
      )
    )
    assert.deepEqual(summary(await settled(tenant, 'sari.hs', 2)), [
      ['updateCustomer', 'done'],
      ['addCustomer', 'done'],
    ])
  })

  test('a package change updates its profile, which keeps its name across a rename', async ({
    assert,
  }) => {
    const { tenant, routers } = await apiTenant('Tower A')
    const { fake } = routers[0]
    const input = packageInput({ rateUpKbps: 2000, rateDownKbps: 10_000, sharedUsers: 1 })
    const pkg = await inTenant(tenant, () => new PackageService().create(input))
    await settled(tenant, pkg.groupName, 1)

    await inTenant(tenant, async () => {
      const fresh = await Package.findOrFail(pkg.id)
      await new PackageService().update(fresh, {
        ...input,
        name: 'Renamed',
        rateDownKbps: 20_000,
        sharedUsers: 2,
        idleTimeoutSeconds: 300,
        priority: 4,
      })
    })
    assert.deepEqual(summary(await settled(tenant, pkg.groupName, 2)), [
      ['updatePackage', 'done'],
      ['addPackage', 'done'],
    ])
    const profiles = fake.menu(PROFILES).items.filter((item) => item.name === pkg.groupName)
    assert.lengthOf(profiles, 1)
    assert.include(profiles[0], {
      'rate-limit': '2M/20M 0/0 0/0 0/0 4',
      'shared-users': '2',
      'idle-timeout': '5m',
    })
  })

  test('the customer page lists router calls: done, and failed with the router’s reason', async ({
    client,
    assert,
  }) => {
    const { tenant, routers } = await apiTenant('Tower A', 'Tower B')
    routers[1].fake.scriptReply(`${USERS}/add`, [
      ['!trap', '=message=failure: already have user with this name for this server'],
      ['!done'],
    ])
    const owner: User = await ownerOf(tenant)
    const pkg = await inTenant(tenant, () => new PackageService().create(packageInput()))
    const { customer } = await inTenant(tenant, () =>
      new CustomerService().create(customerInput(pkg.id, { username: 'sari.hs' }))
    )
    const calls = await settled(tenant, 'sari.hs', 2)
    const byNas = new Map(calls.map((call) => [call.nasId, call]))
    assert.include(byNas.get(routers[0].nas.id), { status: 'done', attempts: 1 })
    assert.include(byNas.get(routers[1].nas.id), {
      status: 'failed',
      error: 'E_ROUTER_TRAP: failure: already have user with this name for this server',
    })

    const page = await client
      .get(`/customers/${customer.id}`)
      .header('host', hostOf(tenant))
      .loginAs(owner)
    assert.equal(page.status(), 200, page.text().slice(0, 3000))
    const items = page.text().split('data-router-call=').slice(1)
    assert.lengthOf(items, 2)
    const item = (nas: string) => items.find((text) => text.includes(nas)) ?? ''
    // Indonesian, the default language.
    assert.include(item('Tower A'), 'data-status="done"')
    assert.include(item('Tower A'), 'Tambah user')
    assert.include(item('Tower A'), 'Selesai')
    assert.include(item('Tower B'), 'data-status="failed"')
    assert.include(item('Tower B'), 'Gagal')
    assert.include(
      item('Tower B'),
      'E_ROUTER_TRAP: failure: already have user with this name for this server'
    )
  })

  test('a failure to queue leaves the committed customer change in place', async ({ assert }) => {
    const { tenant } = await apiTenant('Tower A')
    const pkg = await inTenant(tenant, () => new PackageService().create(packageInput()))
    const enqueue = RouterCallService.prototype.enqueue
    RouterCallService.prototype.enqueue = async () => {
      throw new Error('queue unreachable')
    }
    try {
      const { customer } = await inTenant(tenant, () =>
        new CustomerService().create(customerInput(pkg.id, { username: 'tono.hs' }))
      )
      await inTenant(tenant, () => new CustomerService().setStatus(customer, CustomerStatus.Isolir))
    } finally {
      RouterCallService.prototype.enqueue = enqueue
    }
    const saved = await inTenant(tenant, () => Customer.findByOrFail('username', 'tono.hs'))
    assert.equal(saved.status, CustomerStatus.Isolir)
    assert.lengthOf(await callsAbout(tenant, 'tono.hs'), 0)
  })

  test('a tenant whose routers all ask RADIUS queues nothing and shows no router section', async ({
    client,
    assert,
  }) => {
    const tenant = await tenantFixture()
    await nasOf(tenant, 'RADIUS only')
    const owner = await ownerOf(tenant)
    const { customer } = await inTenant(tenant, async () => {
      const pkg = await new PackageService().create(packageInput())
      const created = await new CustomerService().create(customerInput(pkg.id))
      await new CustomerService().setStatus(created.customer, CustomerStatus.Disabled)
      await new CustomerService().resetPassword(created.customer, 'baru1234')
      return created
    })
    assert.lengthOf(await callsAbout(tenant), 0)

    const page = await client
      .get(`/customers/${customer.id}`)
      .header('host', hostOf(tenant))
      .loginAs(owner)
    assert.equal(page.status(), 200)
    assert.notInclude(page.text(), 'id="router-calls"')
  })
})
