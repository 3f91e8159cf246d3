import { test } from '@japa/runner'
import tenancy from '#tenancy/main'
import type Tenant from '#models/central/tenant'
import { RadiusAccountingRecorder } from '#radius/accounting/radius_accounting_recorder'
import { RadiusEventBus, type EnforcementEvent } from '#radius/radius_events'
import { RadiusUserService, type NewRadiusUser } from '#services/radius_user_service'
import { tenantFixture } from '#tests/helpers/tenants'
import { authProfileCache } from '#radius/users/auth_profile_cache'
import { RadiusUserRepository } from '#radius/users/radius_user_repository'
import { accountingOf, RecordingCoaSender, rowsOf, type AcctSession } from './helpers.js'

/*
 * Mid-session enforcement with a CoaSender double that records its calls. (The CoA client
 * itself, against a fake NAS listener, is tested with app/radius/coa.)
 */
const GiB = 2 ** 30

test.group('RADIUS mid-session enforcement', (group) => {
  let tenant: Tenant
  let now = new Date('2026-11-25T00:00:00Z')
  const coa = new RecordingCoaSender()
  const events = new RadiusEventBus()
  const seen: [string, EnforcementEvent][] = []
  events.on('enforcement.requested', (event) => seen.push(['requested', event]))
  events.on('enforcement.confirmed', (event) => seen.push(['confirmed', event]))
  const recorder = new RadiusAccountingRecorder({ coa, events, clock: () => now })

  group.setup(async () => {
    tenant = await tenantFixture()
  })
  group.each.setup(() => {
    coa.calls.length = 0
    coa.result = { acknowledged: true }
    seen.length = 0
  })

  const create = (user: NewRadiusUser) =>
    tenancy.run(tenant, () => new RadiusUserService().create(user))
  const send = async (
    session: AcctSession,
    status: 'Start' | 'Interim-Update' | 'Stop',
    afterSeconds: number,
    counters: { input?: number; output?: number; time?: number; cause?: string } = {}
  ) => {
    now = new Date(now.getTime() + afterSeconds * 1000)
    await tenancy.run(tenant, async () => {
      await recorder.record(accountingOf(tenant, session, status, counters, { receivedAt: now }))
      await recorder.settled()
    })
  }
  const logOf = (username: string) => rowsOf(tenant, 'radius_enforcement_log', { username })

  test('data quota used up: one Disconnect-Request, confirmed by the Stop', async ({ assert }) => {
    await create({ username: 'quota', password: 'pw', dataQuota: GiB })
    const session = { username: 'quota', sessionId: '91000001', framedIp: '10.10.0.7' }
    await send(session, 'Start', 0)
    await send(session, 'Interim-Update', 300, { input: GiB / 4, output: GiB / 4, time: 300 })
    assert.lengthOf(coa.calls, 0)

    await send(session, 'Interim-Update', 300, { input: GiB / 2, output: GiB / 2 + 1, time: 600 })
    assert.lengthOf(coa.calls, 1)
    const [call] = coa.calls
    assert.equal(call.kind, 'disconnect')
    assert.deepInclude(call.session, {
      username: 'quota',
      acctSessionId: '91000001',
      framedIpAddress: '10.10.0.7',
    })
    assert.equal(call.session.nas.id, 7)

    // A retransmitted interim right after does not send a second one.
    await send(session, 'Interim-Update', 5, { input: GiB / 2, output: GiB / 2 + 1, time: 600 })
    assert.lengthOf(coa.calls, 1)

    await send(session, 'Stop', 5, {
      input: GiB / 2,
      output: GiB / 2 + 2,
      time: 610,
      cause: 'Admin-Reset',
    })
    const [entry] = await logOf('quota')
    assert.equal(entry.action, 'quota-disconnect')
    assert.equal(entry.result, 'ack')
    assert.equal(entry.reason, 'Data quota used up: 1.00 GiB of 1.00 GiB')
    assert.equal(entry.confirmation, 'stop')
    assert.isNotNull(entry.confirmed_at)
    assert.deepEqual(
      seen.map(([kind, event]) => [kind, event.action, event.result]),
      [
        ['requested', 'quota-disconnect', 'ack'],
        ['confirmed', 'quota-disconnect', 'stop'],
      ]
    )
  })

  test('Interims of a user cached without limits cost no version check; a raised quota is read fresh', async ({
    assert,
  }) => {
    await create({ username: 'nolimit', password: 'pw' })
    await create({ username: 'topup', password: 'pw', dataQuota: GiB })
    // Cached as the RADIUS server's logins leave them.
    const repository = new RadiusUserRepository({ profiles: authProfileCache })
    await tenancy.run(tenant, async () => {
      await repository.loadAuthProfile('nolimit')
      await repository.loadAuthProfile('topup')
    })
    const checks = authProfileCache.stats().checks
    await send({ username: 'nolimit', sessionId: '91000101' }, 'Interim-Update', 0, {
      input: 5 * GiB,
      time: 300,
    })
    assert.equal(authProfileCache.stats().checks, checks, 'nothing to enforce: no check sent')

    // The cached profile still says 1 GiB; the top-up to 10 GiB must be seen before acting.
    await tenancy.run(tenant, () =>
      new RadiusUserService().update('topup', { dataQuota: 10 * GiB })
    )
    await send({ username: 'topup', sessionId: '91000102' }, 'Interim-Update', 0, {
      input: 2 * GiB,
      time: 300,
    })
    assert.lengthOf(coa.calls, 0, 'no Disconnect of a user who just bought more')
    assert.isAbove(authProfileCache.stats().checks, checks)
  })

  test('an acknowledged Disconnect with the session still reporting is sent again', async ({
    assert,
  }) => {
    await create({ username: 'stubborn', password: 'pw', dataQuota: GiB })
    const session = { username: 'stubborn', sessionId: '91000002' }
    await send(session, 'Interim-Update', 0, { input: 2 * GiB, time: 300 })
    await send(session, 'Interim-Update', 300, { input: 2 * GiB + 10, time: 600 })
    assert.lengthOf(coa.calls, 2)
    const log = await logOf('stubborn')
    assert.deepEqual(
      log.map((row) => [row.result, row.confirmation]),
      [
        ['ack', 'still-online'],
        ['ack', null],
      ]
    )
  })

  test('a NAK is logged with its Error-Cause and retried at the next interim', async ({
    assert,
  }) => {
    await create({ username: 'nakked', password: 'pw', dataQuota: GiB })
    const session = { username: 'nakked', sessionId: '91000003' }
    coa.result = { acknowledged: false, errorCause: 503 }
    await send(session, 'Interim-Update', 0, { input: 2 * GiB, time: 300 })
    coa.result = { acknowledged: true }
    await send(session, 'Interim-Update', 10, { input: 2 * GiB, time: 310 })
    assert.lengthOf(coa.calls, 2)
    const log = await logOf('nakked')
    assert.deepEqual(
      log.map((row) => [row.result, row.error_cause === null ? null : Number(row.error_cause)]),
      [
        ['nak', 503],
        ['ack', null],
      ]
    )
  })

  test('FUP threshold crossed: one CoA with the reduced Mikrotik-Rate-Limit per session', async ({
    assert,
  }) => {
    await create({ username: 'fair', password: 'pw', fupThreshold: GiB, fupRateLimit: '1M/2M' })
    const session = { username: 'fair', sessionId: '91000004' }
    await send(session, 'Start', 0)
    await send(session, 'Interim-Update', 300, { input: GiB, output: 1, time: 300 })
    await send(session, 'Interim-Update', 300, { input: 2 * GiB, time: 600 })
    await send(session, 'Interim-Update', 300, { input: 3 * GiB, time: 900 })
    assert.lengthOf(coa.calls, 1)
    assert.equal(coa.calls[0].kind, 'coa')
    assert.deepEqual(coa.calls[0].attributes, [
      ['Vendor-Specific', 14988, [['Mikrotik-Rate-Limit', '1M/2M']]],
    ])
    const [entry] = await logOf('fair')
    assert.equal(entry.action, 'fup-rate-limit')
    assert.equal(entry.confirmation, 'interim')

    // A new session of the same user gets its own CoA (its Access-Accept would already carry it).
    await send({ username: 'fair', sessionId: '91000005' }, 'Interim-Update', 300, {
      input: 10,
      time: 60,
    })
    assert.lengthOf(coa.calls, 2)
  })

  test('users without quota or FUP, and isolated users, are left alone', async ({ assert }) => {
    await create({ username: 'free', password: 'pw' })
    await create({ username: 'iso', password: 'pw', dataQuota: 1, status: 'isolir' })
    await send({ username: 'free', sessionId: '91000006' }, 'Interim-Update', 0, { input: 5 * GiB })
    await send({ username: 'iso', sessionId: '91000007' }, 'Interim-Update', 0, { input: 5 * GiB })
    assert.lengthOf(coa.calls, 0)
  })
})
