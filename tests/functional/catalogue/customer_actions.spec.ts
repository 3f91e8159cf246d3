import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import tenancy from '#tenancy/main'
import type Tenant from '#models/central/tenant'
import { CustomerStatus } from '#enums/customer_status'
import { PackageKind } from '#enums/package_kind'
import Customer from '#models/tenant/customer'
import { CustomerError, CustomerService } from '#services/customer_service'
import { RadiusUserError, RadiusUserService } from '#services/radius_user_service'
import { CoaSenders } from '#services/session_coa_service'
import { SubscriptionService } from '#services/subscription_service'
import { tenantFixture } from '#tests/helpers/tenants'
import { nasOf } from '../routeros/helpers.js'
import { insertSession, RecordingCoaSender, rowsOf } from '../radius/helpers.js'
import { createCustomer, createPackage, customerInput, radiusRows } from './helpers.js'

const JAKARTA_NOON = new Date('2026-12-10T05:00:00Z')

/*
 * Every customer action changes the customer row and the RADIUS tables together; a failure on
 * one side leaves both unchanged.
 */
test.group('Customer actions → RADIUS tables', (group) => {
  let tenant: Tenant
  const service = new CustomerService({ clock: () => JAKARTA_NOON })
  const subscriptions = new SubscriptionService({ clock: () => JAKARTA_NOON })
  const run = <T>(work: () => Promise<T>) => tenancy.run(tenant, work)
  const reload = (id: number) => run(() => Customer.findOrFail(id))

  group.setup(async () => {
    tenant = await tenantFixture()
  })

  test('create writes password, group, service, validity, MAC and static IP', async ({
    assert,
  }) => {
    const pkg = await createPackage(tenant, { kind: PackageKind.Pppoe, validityValue: 30 })
    const { customer, password } = await run(() =>
      service.create(
        customerInput(pkg.id, {
          username: 'budi.pppoe',
          password: null,
          service: 'pppoe',
          macAddress: 'aa-bb-cc-00-11-22',
          staticIp: '10.20.0.9',
        })
      )
    )
    assert.match(password, /^[a-z2-9]{8}$/)
    assert.deepEqual(await radiusRows(tenant, 'radcheck', 'budi.pppoe'), [
      ['Cleartext-Password', ':=', password],
      ['Expiration', ':=', 'Jan 09 2027 12:00:00'],
      ['Calling-Station-Id', '==', 'AA:BB:CC:00:11:22'],
      ['Rb-Allowed-Service', ':=', 'pppoe'],
    ])
    assert.deepEqual(await radiusRows(tenant, 'radreply', 'budi.pppoe'), [
      ['Framed-IP-Address', '=', '10.20.0.9'],
    ])
    assert.deepEqual(await radiusRows(tenant, 'radusergroup', 'budi.pppoe'), [[pkg.groupName, 1]])
    assert.equal(customer.expiresAt!.toJSDate().toISOString(), '2027-01-09T05:00:00.000Z')
    const [history] = await rowsOf(tenant, 'subscriptions', { customer_id: customer.id })
    assert.equal(history.action, 'create')
    assert.equal(Number(history.price), 100_000)
  })

  test('a RADIUS failure rolls the customer back, and a refused package writes nothing', async ({
    assert,
  }) => {
    const pkg = await createPackage(tenant)
    // A voucher already holds the name: the RADIUS side refuses, the customer row goes too.
    await run(() => new RadiusUserService().create({ username: 'taken1', password: 'x' }))
    await assert.rejects(
      () => createCustomer(tenant, customerInput(pkg.id, { username: 'taken1' })),
      RadiusUserError
    )
    assert.lengthOf(await rowsOf(tenant, 'customers', { username: 'taken1' }), 0)
    assert.lengthOf(await radiusRows(tenant, 'radusergroup', 'taken1'), 0)

    await assert.rejects(
      () =>
        createCustomer(tenant, customerInput(pkg.id, { username: 'wrongkind', service: 'pppoe' })),
      CustomerError
    )
    assert.lengthOf(await rowsOf(tenant, 'customers', { username: 'wrongkind' }), 0)
    assert.lengthOf(await radiusRows(tenant, 'radcheck', 'wrongkind'), 0)

    // An update whose RADIUS write fails (the user's rows were removed behind our back) keeps
    // the old profile.
    const { customer } = await createCustomer(tenant, customerInput(pkg.id))
    await run(() => new RadiusUserService().delete(customer.username))
    await assert.rejects(
      () => run(() => service.update(customer, { fullName: 'Changed', service: 'hotspot' })),
      RadiusUserError
    )
    assert.equal((await reload(customer.id)).fullName, 'Budi Santoso')
  })

  test('edit, disable, isolir, enable, reset password', async ({ assert }) => {
    const pkg = await createPackage(tenant)
    const { customer } = await createCustomer(tenant, customerInput(pkg.id, { username: 'ani' }))
    await run(() =>
      service.update(customer, { fullName: 'Ani', service: 'hotspot', macAddress: 'AABBCC001122' })
    )
    assert.deepInclude(await radiusRows(tenant, 'radcheck', 'ani'), [
      'Calling-Station-Id',
      '==',
      'AA:BB:CC:00:11:22',
    ])
    const status = async () =>
      (await radiusRows(tenant, 'radcheck', 'ani')).filter(([name]) =>
        ['Auth-Type', 'Rb-Account-Status'].includes(name as string)
      )
    await run(() => service.setStatus(customer, CustomerStatus.Disabled))
    assert.deepEqual(await status(), [['Auth-Type', ':=', 'Reject']])
    await run(() => service.setStatus(customer, CustomerStatus.Isolir))
    assert.deepEqual(await status(), [['Rb-Account-Status', ':=', 'isolir']])
    assert.equal((await reload(customer.id)).status, 'isolir')
    await run(() => service.setStatus(customer, CustomerStatus.Active))
    assert.deepEqual(await status(), [])

    const password = await run(() => service.resetPassword(customer, 'baru1234'))
    assert.equal(password, 'baru1234')
    assert.deepInclude(await radiusRows(tenant, 'radcheck', 'ani'), [
      'Cleartext-Password',
      ':=',
      'baru1234',
    ])
  })

  test('change package now or at renewal; extend from the expiry and un-isolir', async ({
    assert,
  }) => {
    const basic = await createPackage(tenant, { validityUnit: 'months', validityValue: 1 })
    const fast = await createPackage(tenant, {
      validityUnit: 'months',
      validityValue: 1,
      rateDownKbps: 50_000,
    })
    const { customer } = await run(() => service.create(customerInput(basic.id)))
    const { username } = customer

    await run(() => subscriptions.changePackage(customer, fast.id, 'renewal'))
    assert.deepEqual(await radiusRows(tenant, 'radusergroup', username), [[basic.groupName, 1]])
    assert.equal((await reload(customer.id)).nextPackageId, fast.id)

    await run(() => service.setStatus(customer, CustomerStatus.Isolir))
    const renewed = await run(async () =>
      subscriptions.extend(await Customer.findOrFail(customer.id), 2)
    )
    assert.deepEqual(await radiusRows(tenant, 'radusergroup', username), [[fast.groupName, 1]])
    // From the current expiry (10 Jan) two months on: 10 Mar, noon in Jakarta.
    assert.equal(renewed.expiresAt!.toJSDate().toISOString(), '2027-03-10T05:00:00.000Z')
    assert.deepInclude(await radiusRows(tenant, 'radcheck', username), [
      'Expiration',
      ':=',
      'Mar 10 2027 12:00:00',
    ])
    assert.equal(renewed.status, 'active')
    assert.isNull(renewed.nextPackageId)
    const statuses = (await radiusRows(tenant, 'radcheck', username)).map(([name]) => name)
    assert.notInclude(statuses, 'Rb-Account-Status')

    await run(() => subscriptions.changePackage(renewed, basic.id, 'now'))
    assert.deepEqual(await radiusRows(tenant, 'radusergroup', username), [[basic.groupName, 1]])
    const history = await rowsOf(tenant, 'subscriptions', { customer_id: customer.id })
    assert.deepEqual(
      history.map((row) => row.action),
      ['create', 'scheduled_change', 'renew', 'change']
    )
    assert.equal(Number(history[2].price), 200_000)
  })

  test('kick disconnects the open sessions; delete removes RADIUS rows and keeps accounting', async ({
    assert,
  }) => {
    const pkg = await createPackage(tenant)
    const { customer } = await createCustomer(tenant, customerInput(pkg.id))
    const nas = await nasOf(tenant, 'hap-kick')
    await insertSession(tenant, customer.username, { nasId: nas.id })
    await insertSession(tenant, customer.username, { nasId: nas.id, stopped: true })
    const coa = new RecordingCoaSender()
    app.container.swap(CoaSenders, () => ({ resolve: async () => coa }))
    try {
      assert.equal(await run(() => service.kick(customer)), 1)
      assert.deepEqual(
        coa.calls.map((call) => [call.kind, call.session.username, call.session.nas.id]),
        [['disconnect', customer.username, nas.id]]
      )
      await run(() => service.delete(customer))
    } finally {
      app.container.restore(CoaSenders)
    }
    assert.lengthOf(coa.calls, 2, 'the deleted customer is disconnected too')
    for (const table of ['radcheck', 'radreply', 'radusergroup']) {
      assert.lengthOf(await radiusRows(tenant, table, customer.username), 0, table)
    }
    assert.lengthOf(await rowsOf(tenant, 'customers', { id: customer.id }), 0)
    assert.lengthOf(await rowsOf(tenant, 'radacct', { username: customer.username }), 2)
  })
})
