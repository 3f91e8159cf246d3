import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import tenancy from '#tenancy/main'
import type Tenant from '#models/central/tenant'
import { CustomerStatus } from '#enums/customer_status'
import { PackageKind } from '#enums/package_kind'
import Package from '#models/tenant/package'
import { RadiusAuthorizer } from '#radius/auth/radius_authorizer'
import type { OutgoingAttribute } from '#radius/codec/index'
import type { RadiusRequest } from '#radius/types'
import { PackageService } from '#services/package_service'
import { CustomerService } from '#services/customer_service'
import { CoaSenders } from '#services/session_coa_service'
import { tenantFixture } from '#tests/helpers/tenants'
import {
  hotspotLogin,
  insertSession,
  pppoeLogin,
  RecordingCoaSender,
  rowsOf,
} from '../radius/helpers.js'
import { nasOf } from '../routeros/helpers.js'
import { createCustomer, createPackage, customerInput, packageInput } from './helpers.js'

const GiB = 1024 ** 3

/** The reply as name → value (Mikrotik-* unwrapped), in the order sent. */
function replyOf(attributes: readonly OutgoingAttribute[]): Record<string, unknown> {
  const reply: Record<string, unknown> = {}
  for (const attribute of attributes) {
    if (attribute[0] === 'Vendor-Specific') {
      const [name, value] = (attribute[2] as readonly (readonly [string, unknown])[])[0]
      reply[name] = value
    } else {
      reply[attribute[0] as string] = attribute[1]
    }
  }
  return reply
}

/*
 * The package builder's promise: what the operator sets is exactly what the RADIUS server
 * replies to a customer's real Access-Request (encoded, decoded, through the whole pipeline).
 */
test.group('Package → RADIUS group → Access-Accept', (group) => {
  let tenant: Tenant
  const authorizer = new RadiusAuthorizer()
  const authorize = (request: RadiusRequest) =>
    tenancy.run(tenant, () => authorizer.authorize(request))

  group.setup(async () => {
    tenant = await tenantFixture()
  })

  test('a hotspot customer gets the rate with burst and priority, quotas, FUP, shared users, timers', async ({
    assert,
  }) => {
    const pkg = await createPackage(tenant, {
      rateUpKbps: 2000,
      rateDownKbps: 10_000,
      burstUpKbps: 4000,
      burstDownKbps: 20_000,
      burstThresholdUpKbps: 1500,
      burstThresholdDownKbps: 8000,
      burstTimeSeconds: 16,
      priority: 8,
      timeQuotaSeconds: 10 * 3600,
      dataQuotaBytes: 5 * GiB,
      fupThresholdBytes: 3 * GiB,
      fupRateUpKbps: 512,
      fupRateDownKbps: 1000,
      sharedUsers: 2,
      ipPool: 'hs-pool',
      idleTimeoutSeconds: 600,
      interimIntervalSeconds: 120,
      validityUnit: 'days',
      validityValue: 30,
    })
    assert.equal(pkg.groupName, `pkg-${pkg.id}`)
    const { customer } = await createCustomer(tenant, customerInput(pkg.id))
    await insertSession(tenant, customer.username, {
      stopped: true,
      time: 3600,
      input: GiB,
      output: GiB,
    })

    const result = await authorize(hotspotLogin(tenant, customer.username, 'rahasia1'))
    assert.isTrue(result.accept, result.reason)
    const reply = replyOf(result.attributes)
    const sessionTimeout = reply['Session-Timeout'] as number
    // Validity left (30 days) is longer than the time quota left: 10 h − 1 h used.
    assert.equal(sessionTimeout, 9 * 3600)
    assert.deepEqual(reply, {
      'Mikrotik-Rate-Limit': '2M/10M 4M/20M 1500k/8M 16/16 8',
      'Port-Limit': 2,
      'Framed-Pool': 'hs-pool',
      'Idle-Timeout': 600,
      'Acct-Interim-Interval': 120,
      'Session-Timeout': 9 * 3600,
      // 5 GiB quota − 2 GiB used = 3 GiB, below one Gigaword.
      'Mikrotik-Total-Limit': 3 * GiB,
      'Mikrotik-Total-Limit-Gigawords': 0,
    })

    // Past the FUP threshold, a new session starts at the reduced rate.
    await insertSession(tenant, customer.username, { stopped: true, input: 1.5 * GiB })
    const slowed = replyOf(
      (await authorize(hotspotLogin(tenant, customer.username, 'rahasia1'))).attributes
    )
    assert.equal(slowed['Mikrotik-Rate-Limit'], '512k/1M')

    // The package is for hotspot: its credentials do not work as a PPPoE secret.
    const pppoe = await authorize(pppoeLogin(tenant, customer.username, 'rahasia1'))
    assert.isFalse(pppoe.accept)
    assert.equal(pppoe.reason, 'Account is for hotspot only; this is a PPPoE login')
  })

  test('a PPPoE customer on a period package: static IP over the pool, expiry on the period day', async ({
    assert,
  }) => {
    const pkg = await createPackage(tenant, {
      kind: PackageKind.Pppoe,
      rateUpKbps: 5000,
      rateDownKbps: 20_000,
      priority: 4,
      validityUnit: 'period',
      validityValue: null,
      periodDay: 5,
      staticIp: true,
      ipPool: 'pppoe-pool',
    })
    const { customer } = await createCustomer(
      tenant,
      customerInput(pkg.id, { service: 'pppoe', staticIp: '10.20.0.7' })
    )
    const expiry = customer.expiresAt!.setZone(tenant.timezone)
    assert.equal(expiry.day, 5)
    assert.equal(expiry.toFormat('HH:mm'), '00:00')

    const result = await authorize(pppoeLogin(tenant, customer.username, 'rahasia1'))
    assert.isTrue(result.accept, result.reason)
    const reply = replyOf(result.attributes)
    assert.equal(reply['Mikrotik-Rate-Limit'], '5M/20M 0/0 0/0 0/0 4')
    assert.equal(reply['Framed-IP-Address'], '10.20.0.7')
    assert.equal(reply['Framed-Pool'], 'pppoe-pool')
    assert.isUndefined(reply['Port-Limit'])
    const left = Math.round((customer.expiresAt!.toMillis() - Date.now()) / 1000)
    assert.approximately(reply['Session-Timeout'] as number, left, 5)
  })

  test('validity from first login and MAC binding: the first login starts both', async ({
    assert,
  }) => {
    const pkg = await createPackage(tenant, {
      validityUnit: 'hours',
      validityValue: 3,
      validityStart: 'first_login',
      macBinding: true,
    })
    const { customer } = await createCustomer(tenant, customerInput(pkg.id))
    assert.isNull(customer.expiresAt)
    const first = await authorize(
      hotspotLogin(tenant, customer.username, 'rahasia1', 'AA:00:00:00:00:01')
    )
    assert.isTrue(first.accept, first.reason)
    assert.approximately(replyOf(first.attributes)['Session-Timeout'] as number, 3 * 3600, 5)
    const other = await authorize(
      hotspotLogin(tenant, customer.username, 'rahasia1', 'AA:00:00:00:00:02')
    )
    assert.isFalse(other.accept)
    assert.match(other.reason!, /not the bound device/)
  })

  test('an isolated PPPoE customer gets only the isolir profile; hotspot is refused', async ({
    assert,
  }) => {
    await tenancy.run(tenant, () =>
      new PackageService().saveIsolirProfile({
        addressList: 'isolir',
        pool: 'pool-isolir',
        rateUpKbps: 256,
        rateDownKbps: 512,
      })
    )
    const pkg = await createPackage(tenant, { kind: PackageKind.Hybrid, ipPool: 'pool-paid' })
    const { customer } = await createCustomer(tenant, customerInput(pkg.id, { service: 'pppoe' }))
    await tenancy.run(tenant, () =>
      new CustomerService().setStatus(customer, CustomerStatus.Isolir)
    )
    const result = await authorize(pppoeLogin(tenant, customer.username, 'rahasia1'))
    assert.isTrue(result.accept, result.reason)
    const reply = replyOf(result.attributes)
    assert.equal(reply['Mikrotik-Rate-Limit'], '256k/512k')
    assert.equal(reply['Framed-Pool'], 'pool-isolir')
    assert.equal(reply['Mikrotik-Address-List'], 'isolir')
    const hotspot = await authorize(hotspotLogin(tenant, customer.username, 'rahasia1'))
    assert.isFalse(hotspot.accept)
    assert.match(hotspot.reason!, /isolir/)
    const profile = await tenancy.run(tenant, () => new PackageService().isolirProfile())
    assert.deepEqual(profile, {
      addressList: 'isolir',
      pool: 'pool-isolir',
      rateUpKbps: 256,
      rateDownKbps: 512,
    })
  })

  test('changing the package rewrites the group in place; "apply now" pushes the new rate by CoA', async ({
    assert,
  }) => {
    const pkg = await createPackage(tenant, { interimIntervalSeconds: 60 })
    const { customer } = await createCustomer(tenant, customerInput(pkg.id))
    const nas = await nasOf(tenant, 'hap-coa')
    await insertSession(tenant, customer.username, { nasId: nas.id })
    const coa = new RecordingCoaSender()
    app.container.swap(CoaSenders, () => ({ resolve: async () => coa }))
    try {
      const { queuedSessions } = await tenancy.run(tenant, async () =>
        new PackageService().update(
          await Package.findOrFail(pkg.id),
          packageInput({ name: pkg.name, rateUpKbps: 4000, rateDownKbps: 20_000, sharedUsers: 2 }),
          { applyNow: true }
        )
      )
      assert.equal(queuedSessions, 1)
    } finally {
      app.container.restore(CoaSenders)
    }
    const reply = await rowsOf(tenant, 'radgroupreply', { groupname: pkg.groupName })
    assert.deepEqual(
      reply.map((row) => [row.attribute, row.op, row.value]),
      [
        ['Mikrotik-Rate-Limit', '=', '4M/20M'],
        ['Port-Limit', '=', '2'],
      ]
    )
    // The online session is the first of two allowed.
    const login = await authorize(hotspotLogin(tenant, customer.username, 'rahasia1'))
    assert.isTrue(login.accept, login.reason)
    assert.equal(replyOf(login.attributes)['Mikrotik-Rate-Limit'], '4M/20M')
    assert.lengthOf(coa.calls, 1)
    assert.equal(coa.calls[0].kind, 'coa')
    assert.equal(coa.calls[0].session.username, customer.username)
    assert.equal(coa.calls[0].session.nas.id, nas.id)
    assert.deepEqual(coa.calls[0].attributes, [
      ['Vendor-Specific', 14988, [['Mikrotik-Rate-Limit', '4M/20M']]],
    ])
  })
})
