import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import tenancy from '#tenancy/main'
import type Tenant from '#models/central/tenant'
import { ForeignTransactionError } from '#radius/sql/tenant_db'
import { RadiusUserError, RadiusUserService } from '#services/radius_user_service'
import { tenantFixture } from '#tests/helpers/tenants'
import { insertSession, rowsOf } from './helpers.js'

const GiB = 2 ** 30

test.group('RadiusUserService', (group) => {
  let tenant: Tenant
  let other: Tenant
  const users = new RadiusUserService()
  group.setup(async () => {
    tenant = await tenantFixture()
    other = await tenantFixture()
  })
  const inTenant = <T>(work: () => Promise<T>) => tenancy.run(tenant, work)
  const rows = async (table: string, username: string) =>
    (await rowsOf(tenant, table, { username })).map((row) => [row.attribute, row.op, row.value])

  test('create stores check items in radcheck and reply items in radreply, FreeRADIUS style', async ({
    assert,
  }) => {
    await inTenant(() =>
      users.create({
        username: 'voucher-7h2k',
        password: 'kx82',
        groups: ['paket-1d', { name: 'night', priority: 5 }],
        expiration: new Date('2027-01-05T07:00:00Z'),
        macAddress: 'aa-bb-cc-dd-ee-ff',
        simultaneousUse: 1,
        timeQuota: 3600,
        dataQuota: 2 * GiB,
        staticIp: '10.10.0.9',
        pool: 'pool-hotspot',
        rateLimit: '2M/10M 4M/20M 1500k/8M 16/16 8 1M/4M',
        allowedService: 'hotspot',
        fupThreshold: GiB,
        fupRateLimit: '512k/1M',
      })
    )
    assert.sameDeepMembers(await rows('radcheck', 'voucher-7h2k'), [
      ['Cleartext-Password', ':=', 'kx82'],
      ['Expiration', ':=', 'Jan 05 2027 14:00:00'],
      ['Calling-Station-Id', '==', 'AA:BB:CC:DD:EE:FF'],
      ['Simultaneous-Use', ':=', '1'],
      ['Max-All-Session', ':=', '3600'],
      ['Rb-Data-Quota', ':=', String(2 * GiB)],
      ['Rb-Allowed-Service', ':=', 'hotspot'],
      ['Rb-Fup-Threshold', ':=', String(GiB)],
      ['Rb-Fup-Rate-Limit', ':=', '512k/1M'],
    ])
    assert.sameDeepMembers(await rows('radreply', 'voucher-7h2k'), [
      ['Framed-IP-Address', '=', '10.10.0.9'],
      ['Framed-Pool', '=', 'pool-hotspot'],
      ['Mikrotik-Rate-Limit', '=', '2M/10M 4M/20M 1500k/8M 16/16 8 1M/4M'],
    ])
    const record = await inTenant(() => users.find('voucher-7h2k'))
    assert.equal(record!.status, 'active')
    assert.deepEqual(record!.groups, [
      { name: 'paket-1d', priority: 1 },
      { name: 'night', priority: 5 },
    ])
    await assert.rejects(
      () => inTenant(() => users.create({ username: 'voucher-7h2k', password: 'x' })),
      'RADIUS user "voucher-7h2k" already exists'
    )
  })

  test('update replaces or removes single settings; status and groups', async ({ assert }) => {
    await inTenant(() =>
      users.create({
        username: 'upd',
        password: 'a',
        rateLimit: '1M/1M',
        pool: 'p1',
        bindMacOnFirstLogin: true,
      })
    )
    await inTenant(() =>
      users.update('upd', {
        password: 'b',
        rateLimit: null,
        accessPeriod: 86400,
        bindMacOnFirstLogin: false,
      })
    )
    assert.sameDeepMembers(await rows('radcheck', 'upd'), [
      ['Cleartext-Password', ':=', 'b'],
      ['Rb-Access-Period', ':=', '86400'],
    ])
    assert.deepEqual(await rows('radreply', 'upd'), [['Framed-Pool', '=', 'p1']])

    await inTenant(() => users.disable('upd'))
    assert.deepInclude(await rows('radcheck', 'upd'), ['Auth-Type', ':=', 'Reject'])
    await inTenant(() => users.isolate('upd'))
    let record = await inTenant(() => users.find('upd'))
    assert.equal(record!.status, 'isolir')
    assert.notDeepInclude(await rows('radcheck', 'upd'), ['Auth-Type', ':=', 'Reject'])
    await inTenant(() => users.enable('upd'))
    record = await inTenant(() => users.find('upd'))
    assert.equal(record!.status, 'active')

    await inTenant(() => users.setGroups('upd', ['a', 'b']))
    await inTenant(() => users.setGroups('upd', ['c']))
    record = await inTenant(() => users.find('upd'))
    assert.deepEqual(record!.groups, [{ name: 'c', priority: 1 }])
    await assert.rejects(
      () => inTenant(() => users.update('ghost', { password: 'x' })),
      'RADIUS user "ghost" does not exist'
    )
  })

  test('invalid values are refused with typed errors before anything is written', async ({
    assert,
  }) => {
    const cases: [Parameters<RadiusUserService['create']>[0], string][] = [
      [{ username: 'bad1', password: 'x', macAddress: 'zz:zz' }, 'MAC address'],
      [{ username: 'bad2', password: 'x', rateLimit: 'fast' }, 'Rate limit'],
      [{ username: 'bad3', password: 'x', staticIp: '10.0.0.300' }, 'Static IP'],
      [{ username: 'bad4', password: 'x', simultaneousUse: 0 }, 'Simultaneous use'],
      [{ username: 'bad 5', password: 'x' }, 'Username'],
      [{ username: 'bad6', password: '' }, 'Password'],
    ]
    for (const [user, what] of cases) {
      try {
        await inTenant(() => users.create(user))
        assert.fail(`${what} accepted`)
      } catch (error) {
        assert.instanceOf(error, RadiusUserError)
        assert.equal((error as RadiusUserError).code, 'E_RADIUS_USER_INVALID')
        assert.include((error as Error).message, what)
      }
      assert.isNull(await inTenant(() => users.find(user.username)))
    }
  })

  test('writes join the caller transaction: rolled back with it, committed with it', async ({
    assert,
  }) => {
    await assert.rejects(
      () =>
        inTenant(() =>
          db.connection(tenancy.connectionName(tenant)).transaction(async (trx) => {
            await users.create({ username: 'rolled', password: 'x', groups: ['g'] }, { trx })
            await users.disable('rolled', { trx })
            throw new Error('payment failed')
          })
        ),
      'payment failed'
    )
    assert.isNull(await inTenant(() => users.find('rolled')))

    await inTenant(() =>
      db.connection(tenancy.connectionName(tenant)).transaction(async (trx) => {
        await users.create({ username: 'committed', password: 'x' }, { trx })
      })
    )
    assert.isNotNull(await inTenant(() => users.find('committed')))
  })

  test("another tenant's transaction is refused", async ({ assert }) => {
    const trx = await db.connection(tenancy.connectionName(other)).transaction()
    try {
      await inTenant(() => users.create({ username: 'cross', password: 'x' }, { trx }))
      assert.fail('accepted')
    } catch (error) {
      assert.instanceOf(error, ForeignTransactionError)
    } finally {
      await trx.rollback()
    }
  })

  test('delete removes the user and keeps accounting history; usage and open sessions', async ({
    assert,
  }) => {
    await inTenant(() =>
      users.create({ username: 'hist', password: 'x', groups: ['g'], pool: 'p' })
    )
    await insertSession(tenant, 'hist', { time: 100, input: 3 * 2 ** 32, output: 7, stopped: true })
    await insertSession(tenant, 'hist', { time: 50, input: 10, output: 20 })
    assert.deepEqual(await inTenant(() => users.usage('hist')), {
      sessionTime: 150,
      inputOctets: 3 * 2 ** 32 + 10,
      outputOctets: 27,
      totalOctets: 3 * 2 ** 32 + 37,
    })
    const open = await inTenant(() => users.openSessions('hist'))
    assert.lengthOf(open, 1)
    assert.equal(open[0].sessionTime, 50)

    assert.isTrue(await inTenant(() => users.delete('hist')))
    assert.isNull(await inTenant(() => users.find('hist')))
    assert.lengthOf(await rowsOf(tenant, 'radusergroup', { username: 'hist' }), 0)
    assert.lengthOf(await rowsOf(tenant, 'radacct', { username: 'hist' }), 2)
    assert.isFalse(await inTenant(() => users.delete('hist')))
  })

  test('tenants are isolated: the same username in two tenants', async ({ assert }) => {
    await inTenant(() => users.create({ username: 'same', password: 'in-a' }))
    await tenancy.run(other, () => users.create({ username: 'same', password: 'in-b' }))
    assert.deepInclude(await rows('radcheck', 'same'), ['Cleartext-Password', ':=', 'in-a'])
    const inOther = await tenancy.run(other, () => users.find('same'))
    assert.deepInclude(inOther!.check, { attribute: 'Cleartext-Password', op: ':=', value: 'in-b' })
  })
})
