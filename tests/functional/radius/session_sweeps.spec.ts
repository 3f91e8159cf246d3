import { test } from '@japa/runner'
import tenancy from '#tenancy/main'
import Nas from '#models/central/nas'
import type Tenant from '#models/central/tenant'
import { RadiusAccountingRecorder } from '#radius/accounting/radius_accounting_recorder'
import { RadiusEventBus } from '#radius/radius_events'
import { RadiusSessionSweepService } from '#services/radius_session_sweep_service'
import { RadiusUserService } from '#services/radius_user_service'
import { tenantFixture } from '#tests/helpers/tenants'
import { accountingOf, asDate, insertRows, RecordingCoaSender, rowsOf } from './helpers.js'

const NOW = new Date('2026-11-25T12:00:00Z')

/** "YYYY-MM-DD HH:MM:SS" `minutes` before NOW. */
function minutesAgo(minutes: number) {
  return new Date(NOW.getTime() - minutes * 60_000).toISOString().slice(0, 19).replace('T', ' ')
}

test.group('RADIUS session sweeps', (group) => {
  let tenant: Tenant
  const events = new RadiusEventBus()
  const sweep = new RadiusSessionSweepService({ clock: () => NOW, events })
  group.setup(async () => {
    tenant = await tenantFixture()
  })

  const openSession = (
    sessionId: string,
    username: string,
    lastHeardMinutesAgo: number,
    interval: number | null = null
  ) =>
    insertRows(tenant, 'radacct', [
      {
        acctsessionid: sessionId,
        acctuniqueid: `stale-${sessionId}`,
        username,
        nasipaddress: '10.5.0.1',
        acctstarttime: minutesAgo(lastHeardMinutesAgo + 60),
        acctupdatetime: minutesAgo(lastHeardMinutesAgo),
        acctinterval: interval,
        acctsessiontime: 3600,
        acctinputoctets: 100,
        acctoutputoctets: 200,
        nas_id: 7,
      },
    ])

  test('stuck sessions: silent for 3 interim intervals are closed as Stale-Session', async ({
    assert,
  }) => {
    await tenancy.run(tenant, () =>
      new RadiusUserService().create({ username: 'hourly', password: 'pw' })
    )
    await insertRows(tenant, 'radreply', [
      { username: 'hourly', attribute: 'Acct-Interim-Interval', op: '=', value: '3600' },
    ])
    await openSession('st-1', 'u1', 20) // 20 min > 3 × 300 s
    await openSession('st-2', 'u2', 10) // 10 min < 15 min
    await openSession('st-3', 'u3', 4, 60) // measured interval 60 s: 4 min > 3 min
    await openSession('st-4', 'hourly', 30) // its reply sets 3600 s: 30 min < 3 h
    const stopped: string[] = []
    events.on('session.stopped', (event) => stopped.push(`${event.sessionId}:${event.reason}`))

    const closed = await tenancy.run(tenant, () => sweep.closeStuckSessions())
    assert.equal(closed, 2)
    assert.deepEqual(stopped.sort(), ['st-1:Stale-Session', 'st-3:Stale-Session'])
    const rows = await rowsOf(tenant, 'radacct')
    const byId = Object.fromEntries(rows.map((row) => [row.acctsessionid, row]))
    assert.equal(byId['st-1'].acctterminatecause, 'Stale-Session')
    // Stopped when last heard, its reported time kept.
    assert.equal(
      asDate(byId['st-1'].acctstoptime).getTime(),
      asDate(byId['st-1'].acctupdatetime).getTime()
    )
    assert.equal(Number(byId['st-1'].acctsessiontime), 3600)
    assert.isNull(byId['st-2'].acctstoptime)
    assert.isNotNull(byId['st-3'].acctstoptime)
    assert.isNull(byId['st-4'].acctstoptime)
  })

  test('a real Stop arriving after the sweep corrects the stale session', async ({ assert }) => {
    const recorder = new RadiusAccountingRecorder({ coa: new RecordingCoaSender(), events })
    const session = { username: 'late', sessionId: 'late-1' }
    await tenancy.run(tenant, () =>
      recorder.record(
        accountingOf(
          tenant,
          session,
          'Start',
          {},
          { receivedAt: new Date(NOW.getTime() - 3600_000) }
        )
      )
    )
    await tenancy.run(tenant, () => sweep.closeStuckSessions())
    let [row] = await rowsOf(tenant, 'radacct', { acctsessionid: 'late-1' })
    assert.equal(row.acctterminatecause, 'Stale-Session')
    await tenancy.run(tenant, () =>
      recorder.record(
        accountingOf(
          tenant,
          session,
          'Stop',
          { time: 1800, input: 50, cause: 'Lost-Service' },
          { receivedAt: new Date(NOW.getTime() - 1800_000) }
        )
      )
    )
    ;[row] = await rowsOf(tenant, 'radacct', { acctsessionid: 'late-1' })
    assert.equal(row.acctterminatecause, 'Lost-Service')
    assert.equal(Number(row.acctsessiontime), 1800)
    assert.equal(asDate(row.acctstoptime).getTime(), NOW.getTime() - 1800_000)
  })

  test('the stuck-session sweep runs for every active tenant', async ({ assert }) => {
    await openSession('st-5', 'u5', 60)
    const closed = await tenancy.forEachActiveTenant('Stuck-session sweep', () =>
      sweep.closeStuckSessions()
    )
    assert.isAtLeast(closed, 1)
    const [row] = await rowsOf(tenant, 'radacct', { acctsessionid: 'st-5' })
    assert.equal(row.acctterminatecause, 'Stale-Session')
  })

  test('expiry sweep: sessions of users whose validity ended are disconnected', async ({
    assert,
  }) => {
    const nas = await Nas.create({
      tenantId: tenant.id,
      name: 'sweep-nas',
      type: 'mikrotik',
      ipAddress: '10.77.0.1',
      identifier: null,
      secret: 'testing123',
      authPort: 1812,
      acctPort: 1813,
      coaPort: 3799,
      requireMessageAuthenticator: true,
    })
    await tenancy.run(tenant, async () => {
      const users = new RadiusUserService()
      await users.create({
        username: 'gone',
        password: 'pw',
        expiration: new Date(NOW.getTime() - 60_000),
      })
      await users.create({
        username: 'valid',
        password: 'pw',
        expiration: new Date(NOW.getTime() + 3600_000),
      })
      await users.create({
        username: 'isolated',
        password: 'pw',
        expiration: new Date(NOW.getTime() - 60_000),
        status: 'isolir',
      })
    })
    for (const username of ['gone', 'valid', 'isolated']) {
      await insertRows(tenant, 'radacct', [
        {
          acctsessionid: `exp-${username}`,
          acctuniqueid: `exp-${username}`,
          username,
          nasipaddress: '10.77.0.1',
          acctstarttime: minutesAgo(5),
          acctupdatetime: minutesAgo(1),
          framedipaddress: '10.10.0.50',
          nas_id: nas.id,
        },
      ])
    }
    const coa = new RecordingCoaSender()
    assert.equal(await tenancy.run(tenant, () => sweep.disconnectExpiredSessions(coa)), 1)
    assert.lengthOf(coa.calls, 1)
    assert.equal(coa.calls[0].kind, 'disconnect')
    assert.deepInclude(coa.calls[0].session, {
      username: 'gone',
      acctSessionId: 'exp-gone',
      framedIpAddress: '10.10.0.50',
    })
    assert.deepInclude(coa.calls[0].session.nas, {
      id: nas.id,
      secret: 'testing123',
      coaPort: 3799,
    })
    const [entry] = await rowsOf(tenant, 'radius_enforcement_log', { username: 'gone' })
    assert.equal(entry.action, 'expiry-disconnect')
    assert.match(entry.reason, /^Validity ended on 2026-11-25 18:59 \(Asia\/Jakarta\)$/)
    // Within the retry period the next run does not send it again.
    assert.equal(await tenancy.run(tenant, () => sweep.disconnectExpiredSessions(coa)), 0)
  })
})
