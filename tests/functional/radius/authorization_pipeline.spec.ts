import { test } from '@japa/runner'
import tenancy from '#tenancy/main'
import Tenant from '#models/central/tenant'
import { TenantStatus } from '#enums/tenant_status'
import { RadiusAuthorizer } from '#radius/auth/radius_authorizer'
import { RadiusEventBus } from '#radius/radius_events'
import type { RadiusRequest } from '#radius/types'
import { RadiusUserService, type NewRadiusUser } from '#services/radius_user_service'
import { tenantFixture } from '#tests/helpers/tenants'
import {
  defineGroup,
  hotspotLogin,
  insertRows,
  insertSession,
  pppoeLogin,
  replyValue,
  rowsOf,
  vendorValue,
} from './helpers.js'
import { postAuthSettled } from '#radius/users/radius_user_repository'

const NOW = new Date('2026-11-25T00:00:00Z') // 07:00 in Asia/Jakarta
const HOUR = 3600
const GiB = 2 ** 30

test.group('RADIUS authorization pipeline', (group) => {
  let tenant: Tenant
  const users = new RadiusUserService()
  const events = new RadiusEventBus()
  const authorizer = new RadiusAuthorizer({ clock: () => NOW, events })
  group.setup(async () => {
    tenant = await tenantFixture()
    // The restricted profile isolated PPPoE users get.
    await defineGroup(tenant, 'isolir', {
      reply: [
        ['Mikrotik-Address-List', 'isolir'],
        ['Framed-Pool', 'pool-isolir'],
        ['Mikrotik-Rate-Limit', '256k/256k'],
      ],
    })
    await defineGroup(tenant, 'paket-10m', {
      check: [['Simultaneous-Use', '2']],
      reply: [
        ['Mikrotik-Rate-Limit', '5M/10M 10M/20M 4M/8M 16/16 8 1M/2M'],
        ['Idle-Timeout', '600'],
        ['Acct-Interim-Interval', '120'],
      ],
    })
  })

  const create = (user: NewRadiusUser) => tenancy.run(tenant, () => users.create(user))
  const authorize = (request: RadiusRequest) =>
    tenancy.run(tenant, () => authorizer.authorize(request))
  const expectReject = async (assert: any, request: RadiusRequest, reason: string) => {
    const result = await authorize(request)
    assert.isFalse(result.accept)
    assert.equal(result.reason, reason)
    await postAuthSettled()
    const log = await rowsOf(tenant, 'radpostauth', {
      username: request.packet.attributes['User-Name'] as string,
    })
    assert.equal(log.at(-1).reason, reason)
    assert.equal(log.at(-1).reply, 'Access-Reject')
  }

  test('accept: group reply first, the user overrides by attribute; MikroTik burst fields kept', async ({
    assert,
  }) => {
    await defineGroup(tenant, 'night', {
      reply: [
        ['Mikrotik-Rate-Limit', '1M/1M'],
        ['Mikrotik-Address-List', 'night'],
      ],
    })
    await create({
      username: 'alice',
      password: 's3cret',
      groups: ['paket-10m', 'night'],
      staticIp: '10.10.0.9',
    })
    const accepted: string[] = []
    const off = events.on('auth.accepted', (event) => accepted.push(event.username))
    const result = await authorize(hotspotLogin(tenant, 'alice', 's3cret'))
    off()
    assert.isTrue(result.accept, result.reason)
    assert.isUndefined(result.reason)
    // paket-10m (priority 1) wins over night (priority 2); night still adds its address list.
    assert.equal(
      vendorValue(result.attributes, 'Mikrotik-Rate-Limit'),
      '5M/10M 10M/20M 4M/8M 16/16 8 1M/2M'
    )
    assert.equal(vendorValue(result.attributes, 'Mikrotik-Address-List'), 'night')
    assert.equal(replyValue(result.attributes, 'Idle-Timeout'), 600)
    assert.equal(replyValue(result.attributes, 'Acct-Interim-Interval'), 120)
    assert.equal(replyValue(result.attributes, 'Framed-IP-Address'), '10.10.0.9')
    assert.deepEqual(accepted, ['alice'])

    await tenancy.run(tenant, () => users.update('alice', { rateLimit: '20M/20M' }))
    const overridden = await authorize(hotspotLogin(tenant, 'alice', 's3cret'))
    assert.equal(vendorValue(overridden.attributes, 'Mikrotik-Rate-Limit'), '20M/20M')
    await postAuthSettled()
    const log = await rowsOf(tenant, 'radpostauth', { username: 'alice' })
    assert.deepEqual(
      log.map((row) => [row.reply, row.pass, row.reason]),
      [
        ['Access-Accept', '', null],
        ['Access-Accept', '', null],
      ]
    )
  })

  test('defaults: Acct-Interim-Interval 300; unknown or invalid stored reply items are left out', async ({
    assert,
  }) => {
    await create({ username: 'plain', password: 'pw' })
    await insertRows(tenant, 'radreply', [
      { username: 'plain', attribute: 'Foo-Bar', op: '=', value: 'x' },
      { username: 'plain', attribute: 'Framed-IP-Address', op: '=', value: 'not-an-ip' },
    ])
    const result = await authorize(hotspotLogin(tenant, 'plain', 'pw'))
    assert.isTrue(result.accept)
    assert.equal(replyValue(result.attributes, 'Acct-Interim-Interval'), 300)
    assert.isUndefined(replyValue(result.attributes, 'Framed-IP-Address'))
    assert.isUndefined(replyValue(result.attributes, 'Foo-Bar'))
  })

  test('tenant suspended: every login is refused', async ({ assert }) => {
    await create({ username: 'susan', password: 'pw' })
    const suspended = await Tenant.findOrFail(tenant.id)
    suspended.status = TenantStatus.Suspended
    const request = { ...hotspotLogin(tenant, 'susan', 'pw'), tenant: suspended }
    await expectReject(
      assert,
      request,
      `ISP account "${tenant.slug}" is suspended: every login is refused`
    )
  })

  test('unknown user, wrong password, no password', async ({ assert }) => {
    await expectReject(assert, hotspotLogin(tenant, 'nobody', 'pw'), 'Unknown user')
    await create({ username: 'bob', password: 'right-one' })
    await expectReject(assert, pppoeLogin(tenant, 'bob', 'wrong-one'), 'Wrong password (pap)')
    await postAuthSettled()
    const [row] = await rowsOf(tenant, 'radpostauth', { username: 'bob' })
    assert.equal(row.pass, '')
    assert.equal(row.callingstationid, 'AA:BB:CC:DD:EE:02')
    assert.equal(row.nasipaddress, '10.5.0.1')
    await insertRows(tenant, 'radusergroup', [
      { username: 'grouponly', groupname: 'paket-10m', priority: 1 },
    ])
    await expectReject(
      assert,
      hotspotLogin(tenant, 'grouponly', 'pw'),
      'The user has no password (Cleartext-Password)'
    )
  })

  test('account status: disabled, marked expired, enabled again', async ({ assert }) => {
    await create({ username: 'dora', password: 'pw', status: 'disabled' })
    await expectReject(assert, hotspotLogin(tenant, 'dora', 'pw'), 'Account is disabled')
    await tenancy.run(tenant, () => users.setStatus('dora', 'expired'))
    await expectReject(assert, hotspotLogin(tenant, 'dora', 'pw'), 'Account is marked expired')
    await tenancy.run(tenant, () => users.enable('dora'))
    assert.isTrue((await authorize(hotspotLogin(tenant, 'dora', 'pw'))).accept)
  })

  test('isolir: PPPoE accepted into the isolir profile only, hotspot refused', async ({
    assert,
  }) => {
    await create({
      username: 'ivan',
      password: 'pw',
      groups: ['paket-10m'],
      staticIp: '10.10.0.20',
      expiration: new Date('2026-11-01T00:00:00Z'),
      status: 'isolir',
    })
    const result = await authorize(pppoeLogin(tenant, 'ivan', 'pw'))
    assert.isTrue(result.accept)
    assert.equal(result.reason, 'Isolated (isolir): accepted into the restricted profile')
    assert.equal(vendorValue(result.attributes, 'Mikrotik-Address-List'), 'isolir')
    assert.equal(vendorValue(result.attributes, 'Mikrotik-Rate-Limit'), '256k/256k')
    assert.equal(replyValue(result.attributes, 'Framed-Pool'), 'pool-isolir')
    assert.isUndefined(replyValue(result.attributes, 'Framed-IP-Address'))
    await expectReject(
      assert,
      hotspotLogin(tenant, 'ivan', 'pw'),
      'Account is isolated (isolir, unpaid): hotspot login refused'
    )
  })

  test('validity: Expiration passed is refused with the date in the tenant zone', async ({
    assert,
  }) => {
    await create({ username: 'vera', password: 'pw', expiration: new Date('2026-11-20T07:00:00Z') })
    const [row] = await rowsOf(tenant, 'radcheck', { username: 'vera', attribute: 'Expiration' })
    assert.equal(row.value, 'Nov 20 2026 14:00:00')
    assert.equal(row.op, ':=')
    await expectReject(
      assert,
      hotspotLogin(tenant, 'vera', 'pw'),
      'Account expired on 2026-11-20 14:00 (Asia/Jakarta)'
    )
    await insertRows(tenant, 'radcheck', [
      { username: 'fr', attribute: 'Cleartext-Password', op: ':=', value: 'pw' },
      { username: 'fr', attribute: 'Expiration', op: ':=', value: 'Dec 5 2026' },
    ])
    const result = await authorize(hotspotLogin(tenant, 'fr', 'pw'))
    // Dec 5 2026 00:00 in Jakarta = Dec 4 17:00 UTC, 9 days 17 hours after NOW.
    assert.equal(replyValue(result.attributes, 'Session-Timeout'), (9 * 24 + 17) * HOUR)
  })

  test('Session-Timeout = min(validity left, time quota left)', async ({ assert }) => {
    await create({
      username: 'tq1',
      password: 'pw',
      expiration: new Date(NOW.getTime() + 2 * HOUR * 1000),
      timeQuota: HOUR,
    })
    await insertSession(tenant, 'tq1', { time: 600, stopped: true })
    let result = await authorize(hotspotLogin(tenant, 'tq1', 'pw'))
    assert.equal(replyValue(result.attributes, 'Session-Timeout'), HOUR - 600)

    await create({
      username: 'tq2',
      password: 'pw',
      expiration: new Date(NOW.getTime() + 1000 * 1000),
      timeQuota: HOUR,
    })
    result = await authorize(hotspotLogin(tenant, 'tq2', 'pw'))
    assert.equal(replyValue(result.attributes, 'Session-Timeout'), 1000)

    await insertSession(tenant, 'tq1', { time: 3000, stopped: true })
    await expectReject(assert, hotspotLogin(tenant, 'tq1', 'pw'), 'Time quota used up: 1h of 1h')
  })

  test('data quota left as Mikrotik-Total-Limit + Gigawords; used up is refused', async ({
    assert,
  }) => {
    await create({ username: 'dq', password: 'pw', dataQuota: 10 * GiB })
    await insertSession(tenant, 'dq', { input: GiB, output: 5, stopped: true })
    const result = await authorize(hotspotLogin(tenant, 'dq', 'pw'))
    const left = 9 * GiB - 5
    assert.equal(vendorValue(result.attributes, 'Mikrotik-Total-Limit'), left % 2 ** 32)
    assert.equal(
      vendorValue(result.attributes, 'Mikrotik-Total-Limit-Gigawords'),
      Math.floor(left / 2 ** 32)
    )
    await insertSession(tenant, 'dq', { input: 9 * GiB })
    await expectReject(
      assert,
      hotspotLogin(tenant, 'dq', 'pw'),
      'Data quota used up: 10.00 GiB of 10.00 GiB'
    )
  })

  test('FUP: past the threshold a new session starts at the reduced rate', async ({ assert }) => {
    await create({
      username: 'fup',
      password: 'pw',
      groups: ['paket-10m'],
      fupThreshold: GiB,
      fupRateLimit: '1M/2M',
    })
    let result = await authorize(pppoeLogin(tenant, 'fup', 'pw'))
    assert.equal(
      vendorValue(result.attributes, 'Mikrotik-Rate-Limit'),
      '5M/10M 10M/20M 4M/8M 16/16 8 1M/2M'
    )
    await insertSession(tenant, 'fup', { input: GiB, stopped: true })
    result = await authorize(pppoeLogin(tenant, 'fup', 'pw'))
    assert.equal(vendorValue(result.attributes, 'Mikrotik-Rate-Limit'), '1M/2M')
  })

  test('validity from the first login becomes a concrete Expiration on the first accept', async ({
    assert,
  }) => {
    await create({ username: 'voucher1', password: 'pw', accessPeriod: 24 * HOUR })
    const result = await authorize(hotspotLogin(tenant, 'voucher1', 'pw'))
    assert.isTrue(result.accept)
    assert.equal(replyValue(result.attributes, 'Session-Timeout'), 24 * HOUR)
    const check = await rowsOf(tenant, 'radcheck', { username: 'voucher1' })
    assert.deepEqual(
      check
        .map((row) => [row.attribute, row.op, row.value])
        .filter(([attribute]) => attribute !== 'Cleartext-Password'),
      [['Expiration', ':=', 'Nov 26 2026 07:00:00']]
    )
    // An unused voucher past its start-by deadline is refused.
    await create({
      username: 'voucher2',
      password: 'pw',
      accessPeriod: HOUR,
      expiration: new Date('2026-11-24T00:00:00Z'),
    })
    await expectReject(
      assert,
      hotspotLogin(tenant, 'voucher2', 'pw'),
      'Voucher was not used before its deadline 2026-11-24 07:00 (Asia/Jakarta)'
    )
    assert.lengthOf(
      await rowsOf(tenant, 'radcheck', { username: 'voucher2', attribute: 'Rb-Access-Period' }),
      1
    )
  })

  test('MAC binding: bound on the first login, normalised, another device refused', async ({
    assert,
  }) => {
    await create({ username: 'mac1', password: 'pw', bindMacOnFirstLogin: true })
    assert.isTrue((await authorize(hotspotLogin(tenant, 'mac1', 'pw', 'aa-bb-cc-00-00-01'))).accept)
    const bound = await rowsOf(tenant, 'radcheck', {
      username: 'mac1',
      attribute: 'Calling-Station-Id',
    })
    assert.deepEqual(
      bound.map((row) => [row.op, row.value]),
      [['==', 'AA:BB:CC:00:00:01']]
    )
    assert.lengthOf(
      await rowsOf(tenant, 'radcheck', {
        username: 'mac1',
        attribute: 'Rb-Bind-Mac-On-First-Login',
      }),
      0
    )
    await expectReject(
      assert,
      hotspotLogin(tenant, 'mac1', 'pw', 'AA:BB:CC:00:00:02'),
      'Device AA:BB:CC:00:00:02 is not the bound device (AA:BB:CC:00:00:01)'
    )
    assert.isTrue((await authorize(hotspotLogin(tenant, 'mac1', 'pw', 'aabb.cc00.0001'))).accept)

    await create({ username: 'mac2', password: 'pw', macAddress: 'aa:bb:cc:00:00:03' })
    await expectReject(
      assert,
      hotspotLogin(tenant, 'mac2', 'pw', 'AA:BB:CC:00:00:04'),
      'Device AA:BB:CC:00:00:04 is not the bound device (AA:BB:CC:00:00:03)'
    )
  })

  test('simultaneous use: open sessions counted, the same device not against itself', async ({
    assert,
  }) => {
    await create({ username: 'sim', password: 'pw', simultaneousUse: 1 })
    assert.isTrue((await authorize(hotspotLogin(tenant, 'sim', 'pw'))).accept)
    await insertSession(tenant, 'sim', { mac: 'AA:BB:CC:DD:EE:01' })
    // The same device on the same NAS logging in again before its Stop arrived.
    assert.isTrue((await authorize(hotspotLogin(tenant, 'sim', 'pw', 'AA:BB:CC:DD:EE:01'))).accept)
    await expectReject(
      assert,
      hotspotLogin(tenant, 'sim', 'pw', 'AA:BB:CC:DD:EE:05'),
      'Simultaneous-Use limit reached: 1 session(s) online, 1 allowed'
    )
    // The group's Simultaneous-Use (2) applies when the user sets none.
    await create({ username: 'sim2', password: 'pw', groups: ['paket-10m'] })
    await insertSession(tenant, 'sim2')
    assert.isTrue((await authorize(hotspotLogin(tenant, 'sim2', 'pw', 'AA:BB:CC:DD:EE:06'))).accept)
    await insertSession(tenant, 'sim2')
    await expectReject(
      assert,
      hotspotLogin(tenant, 'sim2', 'pw', 'AA:BB:CC:DD:EE:06'),
      'Simultaneous-Use limit reached: 2 session(s) online, 2 allowed'
    )
  })

  test('service match: a PPPoE-only account cannot log in to the hotspot', async ({ assert }) => {
    await create({ username: 'ppp', password: 'pw', allowedService: 'pppoe' })
    assert.isTrue((await authorize(pppoeLogin(tenant, 'ppp', 'pw'))).accept)
    await expectReject(
      assert,
      hotspotLogin(tenant, 'ppp', 'pw'),
      'Account is for PPPoE only; this is a hotspot login'
    )
  })

  test('concurrent logins: every decision is logged (rows group-committed together)', async ({
    assert,
  }) => {
    await create({ username: 'crowd', password: 'pw' })
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        authorize(hotspotLogin(tenant, 'crowd', i % 3 === 0 ? 'bad' : 'pw'))
      )
    )
    assert.equal(results.filter((result) => result.accept).length, 40)
    await postAuthSettled()
    const log = await rowsOf(tenant, 'radpostauth', { username: 'crowd' })
    assert.lengthOf(log, 60)
    assert.equal(log.filter((row) => row.reply === 'Access-Reject').length, 20)
  })
})
