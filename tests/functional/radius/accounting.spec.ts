import { test } from '@japa/runner'
import { createHash } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import tenancy from '#tenancy/main'
import type Tenant from '#models/central/tenant'
import { radacctWriteCounters } from '#radius/accounting/radacct_writer'
import { driverQuery, driverTransaction } from '#radius/sql/driver_sql'
import { sharedWriteConnection, statementGroupOf } from '#radius/sql/shared_statements'
import { RadiusAccountingRecorder } from '#radius/accounting/radius_accounting_recorder'
import { RadiusEventBus, type RadiusEventMap } from '#radius/radius_events'
import { tenantFixture } from '#tests/helpers/tenants'
import {
  accountingOf,
  asDate,
  nasOf,
  RecordingCoaSender,
  rowsOf,
  shareStatements,
  type AcctSession,
} from './helpers.js'

const GiB = 2 ** 30

test.group('RADIUS accounting', (group) => {
  let tenant: Tenant
  const events = new RadiusEventBus()
  const seen: { name: keyof RadiusEventMap; username: string; reason: string | null }[] = []
  events.onAny((name, payload) => {
    if (name.startsWith('session.')) {
      const session = payload as RadiusEventMap['session.stopped']
      seen.push({ name, username: session.username, reason: session.reason })
    }
  })
  const recorder = new RadiusAccountingRecorder({ coa: new RecordingCoaSender(), events })
  group.setup(async () => {
    tenant = await tenantFixture()
  })
  group.each.setup(() => {
    seen.length = 0
  })

  const record = (request: ReturnType<typeof accountingOf>) =>
    tenancy.run(tenant, async () => {
      await recorder.record(request)
      await recorder.settled()
    })
  const at = (seconds: number) => new Date(Date.UTC(2026, 10, 20, 7, 0, seconds))
  const sessionRow = async (session: AcctSession) => {
    const rows = await rowsOf(tenant, 'radacct', { acctsessionid: session.sessionId })
    return rows[0]
  }

  test('Start, Interim, Stop: totals with Gigawords, never added up; one stable row', async ({
    assert,
  }) => {
    const session = { username: 'carol', sessionId: '81000001' }
    await record(accountingOf(tenant, session, 'Start', {}, { receivedAt: at(0) }))
    await record(
      accountingOf(
        tenant,
        session,
        'Interim-Update',
        { time: 300, input: 5 * GiB, output: 7 * GiB + 123 },
        { receivedAt: at(300) }
      )
    )
    await record(
      accountingOf(
        tenant,
        session,
        'Interim-Update',
        { time: 600, input: 6 * GiB, output: 9 * GiB },
        { receivedAt: at(600) }
      )
    )
    let row = await sessionRow(session)
    assert.equal(Number(row.acctinputoctets), 6 * GiB)
    assert.equal(Number(row.acctoutputoctets), 9 * GiB)
    assert.equal(Number(row.acctsessiontime), 600)
    assert.equal(Number(row.acctinterval), 300)
    assert.isNull(row.acctstoptime)
    assert.equal(Number(row.nas_id), 7)

    await record(
      accountingOf(
        tenant,
        session,
        'Stop',
        { time: 700, input: 6 * GiB + 10, output: 9 * GiB + 20, cause: 'User-Request' },
        { receivedAt: at(700) }
      )
    )
    const rows = await rowsOf(tenant, 'radacct', { acctsessionid: session.sessionId })
    assert.lengthOf(rows, 1)
    row = rows[0]
    assert.equal(Number(row.acctinputoctets), 6 * GiB + 10)
    assert.equal(Number(row.acctoutputoctets), 9 * GiB + 20)
    assert.equal(Number(row.acctsessiontime), 700)
    assert.equal(row.acctterminatecause, 'User-Request')
    assert.equal(asDate(row.acctstarttime).getTime(), at(0).getTime())
    assert.equal(asDate(row.acctupdatetime).getTime(), at(700).getTime())
    const expectedId = createHash('md5')
      .update('carol,81000001,10.5.0.1,,bridge-hotspot,15728641')
      .digest('hex')
    assert.equal(row.acctuniqueid, expectedId)
    assert.deepEqual(
      seen.map((event) => event.name),
      ['session.started', 'session.updated', 'session.updated', 'session.stopped']
    )
    assert.equal(seen[3].reason, 'User-Request')
  })

  test('out of order and duplicates: Interim before Start, late Interim, duplicate Stop', async ({
    assert,
  }) => {
    const session = { username: 'dave', sessionId: '81000002' }
    // The Start was lost: the Interim creates the row and backdates the start.
    await record(
      accountingOf(
        tenant,
        session,
        'Interim-Update',
        { time: 120, input: 1000, output: 2000 },
        { receivedAt: at(120) }
      )
    )
    let row = await sessionRow(session)
    assert.equal(Number(row.acctinputoctets), 1000)
    assert.equal(asDate(row.acctstarttime).getTime(), at(0).getTime())
    assert.isNull(row.acctstoptime)

    // A retransmitted older Interim never makes the counters go backwards.
    await record(
      accountingOf(
        tenant,
        session,
        'Interim-Update',
        { time: 60, input: 500, output: 900 },
        { receivedAt: at(125) }
      )
    )
    row = await sessionRow(session)
    assert.equal(Number(row.acctinputoctets), 1000)
    assert.equal(Number(row.acctoutputoctets), 2000)
    assert.equal(Number(row.acctsessiontime), 120)

    // The Stop, twice (Acct-Delay-Time grows on the retransmission): the first stop time stays.
    await record(
      accountingOf(
        tenant,
        session,
        'Stop',
        { time: 200, input: 3000, output: 4000, cause: 'Lost-Carrier' },
        { receivedAt: at(200) }
      )
    )
    await record(
      accountingOf(
        tenant,
        session,
        'Stop',
        { time: 200, input: 3000, output: 4000, cause: 'Lost-Carrier' },
        { receivedAt: at(260) }
      )
    )
    // A late Interim after the Stop does not reopen the session.
    await record(
      accountingOf(
        tenant,
        session,
        'Interim-Update',
        { time: 180, input: 2500, output: 3500 },
        { receivedAt: at(270) }
      )
    )
    const rows = await rowsOf(tenant, 'radacct', { acctsessionid: session.sessionId })
    assert.lengthOf(rows, 1)
    row = rows[0]
    assert.isNotNull(row.acctstoptime)
    assert.equal(row.acctterminatecause, 'Lost-Carrier')
    assert.equal(Number(row.acctinputoctets), 3000)
    assert.equal(Number(row.acctsessiontime), 200)
    assert.equal(asDate(row.acctstoptime).getTime(), at(200).getTime())

    // The Start arriving last only fills in the exact start time.
    await record(accountingOf(tenant, session, 'Start', {}, { receivedAt: at(1) }))
    row = await sessionRow(session)
    assert.isNotNull(row.acctstoptime)
    assert.equal(Number(row.acctinputoctets), 3000)
  })

  test('Stop without a Start creates the closed session', async ({ assert }) => {
    const session = { username: 'erin', sessionId: '81000003' }
    await record(
      accountingOf(
        tenant,
        session,
        'Stop',
        { time: 50, input: 10, output: 20, cause: 'Idle-Timeout' },
        { receivedAt: at(50) }
      )
    )
    const row = await sessionRow(session)
    assert.equal(row.acctterminatecause, 'Idle-Timeout')
    assert.equal(Number(row.acctsessiontime), 50)
  })

  test('Accounting-On closes every open session of that NAS, and only those', async ({
    assert,
  }) => {
    const otherNas = nasOf(tenant, { id: 8 })
    const mine = [
      { username: 'f1', sessionId: '82000001' },
      { username: 'f2', sessionId: '82000002' },
    ]
    const other = { username: 'f3', sessionId: '82000003' }
    for (const session of mine)
      await record(accountingOf(tenant, session, 'Start', {}, { receivedAt: at(0) }))
    await record(accountingOf(tenant, other, 'Start', {}, { nas: otherNas, receivedAt: at(0) }))
    seen.length = 0

    await record(
      accountingOf(
        tenant,
        { username: '', sessionId: '' },
        'Accounting-On',
        {},
        { receivedAt: at(30) }
      )
    )
    for (const session of mine) {
      const row = await sessionRow(session)
      assert.equal(row.acctterminatecause, 'NAS-Reboot')
      assert.isNotNull(row.acctstoptime)
    }
    assert.isNull((await sessionRow(other)).acctstoptime)
    assert.deepEqual(
      seen.map((event) => [event.name, event.username, event.reason]),
      [
        ['session.stopped', 'f1', 'NAS-Reboot'],
        ['session.stopped', 'f2', 'NAS-Reboot'],
      ]
    )
  })

  test('a database error rejects the promise (the server then sends no reply)', async ({
    assert,
  }) => {
    const session = { username: 'gina', sessionId: '83000001' }
    const connection = tenancy.connectionName(tenant)
    await tenancy.run(tenant, () =>
      db.connection(connection).rawQuery('ALTER TABLE radacct RENAME TO radacct_away')
    )
    try {
      await assert.rejects(() => record(accountingOf(tenant, session, 'Start')))
    } finally {
      await tenancy.run(tenant, () =>
        db.connection(connection).rawQuery('ALTER TABLE radacct_away RENAME TO radacct')
      )
    }
    await record(accountingOf(tenant, session, 'Start'))
    assert.isOk(await sessionRow(session))
  })

  test('concurrent packets of many sessions are all stored with their totals', async ({
    assert,
  }) => {
    const sessions = Array.from({ length: 40 }, (_, i) => ({
      username: `h${i}`,
      sessionId: `84${i}`,
    }))
    await Promise.all(
      sessions.map((session) =>
        record(accountingOf(tenant, session, 'Start', {}, { receivedAt: at(0) }))
      )
    )
    await Promise.all(
      sessions.flatMap((session, i) => [
        record(
          accountingOf(
            tenant,
            session,
            'Interim-Update',
            { time: 300, input: i * GiB },
            { receivedAt: at(300) }
          )
        ),
        record(
          accountingOf(
            tenant,
            session,
            'Interim-Update',
            { time: 600, input: i * GiB + 1 },
            { receivedAt: at(600) }
          )
        ),
      ])
    )
    for (const [i, session] of sessions.entries()) {
      const row = await sessionRow(session)
      assert.equal(Number(row.acctinputoctets), i * GiB + 1)
      assert.equal(Number(row.acctsessiontime), 600)
    }
  })

  test('Start, Interim and Stop of many sessions at once, in any order: one right row each', async ({
    assert,
  }) => {
    // 90 packets of one tenant at once: they share multi-row statements mixing the three kinds.
    type Status = 'Start' | 'Interim-Update' | 'Stop'
    const orders: Status[][] = [
      ['Start', 'Interim-Update', 'Stop'],
      ['Start', 'Stop', 'Interim-Update'],
      ['Interim-Update', 'Start', 'Stop'],
      ['Interim-Update', 'Stop', 'Start'],
      ['Stop', 'Start', 'Interim-Update'],
      ['Stop', 'Interim-Update', 'Start'],
    ]
    const sessions = Array.from({ length: 30 }, (_, i) => ({
      username: `m${i}`,
      sessionId: `85${i}`,
      framedIp: `10.10.1.${i}`,
    }))
    // The Start says the session began at 5 s; the others, by their session time, at 0 s.
    const packet = (session: AcctSession, status: Status, i: number) => {
      if (status === 'Start')
        return accountingOf(tenant, session, status, {}, { receivedAt: at(5) })
      const [time, cause] = status === 'Stop' ? [600, 'Idle-Timeout'] : [300, undefined]
      const counters = { time, input: time * GiB + i, output: time + i, cause }
      return accountingOf(tenant, session, status, counters, { receivedAt: at(time) })
    }
    // And sessions with only an Interim: open, the start backdated.
    const open = Array.from({ length: 5 }, (_, i) => ({ username: `o${i}`, sessionId: `86${i}` }))
    await Promise.all([
      ...sessions.flatMap((session, i) =>
        orders[i % orders.length].map((status) => record(packet(session, status, i)))
      ),
      ...open.map((session) => record(packet(session, 'Interim-Update', 1))),
    ])

    for (const [i, session] of sessions.entries()) {
      const rows = await rowsOf(tenant, 'radacct', { acctsessionid: session.sessionId })
      assert.lengthOf(rows, 1, session.username)
      const [row] = rows
      // Whenever it came, the Start's own start time wins.
      assert.equal(asDate(row.acctstarttime).getTime(), at(5).getTime(), session.username)
      assert.equal(asDate(row.acctstoptime).getTime(), at(600).getTime(), session.username)
      assert.equal(row.acctterminatecause, 'Idle-Timeout', session.username)
      assert.equal(Number(row.acctsessiontime), 600, session.username)
      assert.equal(Number(row.acctinputoctets), 600 * GiB + i, session.username)
      assert.equal(Number(row.acctoutputoctets), 600 + i, session.username)
      assert.equal(row.framedipaddress, session.framedIp, session.username)
    }
    for (const session of open) {
      const [row] = await rowsOf(tenant, 'radacct', { acctsessionid: session.sessionId })
      assert.isNull(row.acctstoptime, session.username)
      assert.equal(asDate(row.acctstarttime).getTime(), at(0).getTime(), session.username)
      assert.equal(Number(row.acctinputoctets), 300 * GiB + 1, session.username)
    }
  })
})

test.group('RADIUS accounting: the tenants of one MySQL server share a transaction', (group) => {
  let a: Tenant
  let b: Tenant
  const recorder = new RadiusAccountingRecorder({
    coa: new RecordingCoaSender(),
    events: new RadiusEventBus(),
  })
  group.setup(async () => {
    a = await tenantFixture()
    b = await tenantFixture()
  })
  const record = (tenant: Tenant, request: ReturnType<typeof accountingOf>) =>
    tenancy.run(tenant, () => recorder.record(request))
  /**
   * The same sessions in both tenants, each tenant with its own counters (`base` GiB on), in
   * order or (`reversed`) the Stop first and the Start last.
   */
  const packets = (tenant: Tenant, base: number, reversed = false) =>
    Array.from({ length: 6 }, (_, i) => ({ username: `twin${i}`, sessionId: `87${i}` })).flatMap(
      (session, i) => {
        const inOrder = [
          accountingOf(tenant, session, 'Start'),
          accountingOf(tenant, session, 'Interim-Update', { time: 60, input: (base + i) * GiB }),
          ...(i % 2 ? [accountingOf(tenant, session, 'Stop', { time: 120, input: base + i })] : []),
        ]
        return reversed ? inOrder.reverse() : inOrder
      }
    )

  test("packets of both tenants at once: each row is its own tenant's", async ({ assert }) => {
    const before = radacctWriteCounters()
    // Queued in one turn of the event loop, they share one batch. With them an Interim-Update
    // and a Stop of sessions without a row yet (their Start is late).
    const late = { username: 'late', sessionId: '87999' }
    await Promise.all([
      ...packets(a, 10).flatMap((request, i) => [
        record(a, request),
        record(b, packets(b, 20, true)[i]),
      ]),
      record(a, accountingOf(a, late, 'Stop', { time: 40, input: 7 })),
      record(b, accountingOf(b, late, 'Interim-Update', { time: 30, input: 5 })),
    ])
    const after = radacctWriteCounters()
    assert.equal(after.retriedAlone, before.retriedAlone, 'no transaction failed')
    // Shared: one transaction for them all.
    if (shareStatements(a, b)) assert.equal(after.batches - before.batches, 1)
    for (const [tenant, base] of [
      [a, 10],
      [b, 20],
    ] as const) {
      const rows = await rowsOf(tenant, 'radacct', {})
      assert.lengthOf(rows, 7)
      const [lateRow] = rows.filter((row) => row.username === 'late')
      assert.equal(Number(lateRow.acctinputoctets), tenant === a ? 7 : 5)
      assert.equal(lateRow.acctstoptime === null, tenant === b)
      const twins = rows
        .filter((twin) => twin.username !== 'late')
        .sort((x, y) => String(x.acctsessionid).localeCompare(String(y.acctsessionid)))
      for (const [i, row] of twins.entries()) {
        assert.equal(Number(row.acctinputoctets), (base + i) * GiB, row.username)
        assert.equal(row.acctstoptime === null, i % 2 === 0, row.username)
        assert.equal(Number(row.acctsessiontime), i % 2 ? 120 : 60, row.username)
      }
    }
  })

  test("a tenant's Interim-Updates and Stops share one UPDATE each; a session twice keeps its order", async ({
    assert,
  }) => {
    const at = (seconds: number) => new Date(Date.UTC(2026, 10, 21, 7, 0, seconds))
    const sessions = Array.from({ length: 8 }, (_, i) => ({
      username: `joined${i}`,
      sessionId: `8950${i}`,
      framedIp: `10.20.0.${i}`,
    }))
    const late = { username: 'joinedlate', sessionId: '89599' }
    const startAll = (tenant: Tenant) =>
      sessions.map((session) =>
        record(tenant, accountingOf(tenant, session, 'Start', {}, { receivedAt: at(0) }))
      )
    await Promise.all([...startAll(a), ...startAll(b)])
    const counters = (i: number, time: number) => ({
      time,
      input: (time + i) * GiB,
      output: time + i,
    })
    const interim = (tenant: Tenant, i: number, time: number, session: AcctSession = sessions[i]) =>
      record(
        tenant,
        accountingOf(tenant, session, 'Interim-Update', counters(i, time), { receivedAt: at(time) })
      )
    const stop = (tenant: Tenant, i: number, time: number) =>
      record(
        tenant,
        accountingOf(
          tenant,
          sessions[i],
          'Stop',
          { ...counters(i, time), cause: 'Lost-Carrier' },
          { receivedAt: at(time) }
        )
      )
    const rowOf = async (tenant: Tenant, session: AcctSession) =>
      (await rowsOf(tenant, 'radacct', { acctsessionid: session.sessionId }))[0]
    const expectRow = async (
      tenant: Tenant,
      i: number,
      expected: { time: number; interval: number; updated: number; stopped?: number }
    ) => {
      const row = await rowOf(tenant, sessions[i])
      const name = `${row.username}`
      assert.equal(Number(row.acctsessiontime), expected.time, name)
      assert.equal(Number(row.acctinputoctets), (expected.time + i) * GiB, name)
      assert.equal(Number(row.acctoutputoctets), expected.time + i, name)
      assert.equal(Number(row.acctinterval ?? 0), expected.interval, name)
      assert.equal(asDate(row.acctupdatetime).getTime(), at(expected.updated).getTime(), name)
      assert.equal(row.framedipaddress, sessions[i].framedIp, name)
      if (expected.stopped === undefined) assert.isNull(row.acctstoptime, name)
      else {
        assert.equal(asDate(row.acctstoptime).getTime(), at(expected.stopped).getTime(), name)
        assert.equal(row.acctterminatecause, 'Lost-Carrier', name)
      }
    }
    const batches = async (send: () => Promise<unknown>[]) => {
      const before = radacctWriteCounters()
      await Promise.all(send())
      const after = radacctWriteCounters()
      assert.equal(after.retriedAlone, before.retriedAlone, 'no transaction failed')
      // One transaction for them all.
      if (shareStatements(a, b)) assert.equal(after.batches - before.batches, 1)
    }

    // a's Interim-Updates (one UPDATE) and Stops (another); b's Interim-Updates, one of a
    // session whose Start never came: that UPDATE finds a row fewer, its rows go again alone.
    await batches(() => [
      interim(b, 7, 30),
      ...[0, 1, 2, 3, 4, 5].map((i) => interim(a, i, 60)),
      stop(a, 6, 200),
      stop(a, 7, 200),
      ...[0, 1, 2, 3].map((i) => interim(b, i, 90)),
      interim(b, 5, 90, late),
    ])
    for (const i of [0, 1, 2, 3, 4, 5])
      await expectRow(a, i, { time: 60, interval: 60, updated: 60 })
    for (const i of [6, 7])
      await expectRow(a, i, { time: 200, interval: 0, updated: 200, stopped: 200 })
    for (const i of [0, 1, 2, 3]) await expectRow(b, i, { time: 90, interval: 90, updated: 90 })
    await expectRow(b, 7, { time: 30, interval: 30, updated: 30 })
    assert.equal(Number((await rowOf(b, sessions[4])).acctinputoctets), 0, 'only its Start')
    const lateRow = await rowOf(b, late)
    assert.equal(Number(lateRow.acctinputoctets), 95 * GiB)
    assert.equal(asDate(lateRow.acctstarttime).getTime(), at(0).getTime(), 'backdated start')

    // Sessions twice: a's session 0 Interim-Update then Stop, session 1 two Interim-Updates,
    // session 2 a Stop then a late Interim-Update; each in the order it came (acctinterval
    // shows it: the late one, older than the Stop, changes nothing).
    await batches(() => [
      interim(b, 6, 30),
      interim(a, 0, 120),
      stop(a, 0, 240),
      interim(a, 1, 120),
      interim(a, 1, 180),
      stop(a, 2, 240),
      interim(a, 2, 100),
      interim(b, 4, 60),
    ])
    await expectRow(a, 0, { time: 240, interval: 60, updated: 240, stopped: 240 })
    await expectRow(a, 1, { time: 180, interval: 60, updated: 180 })
    await expectRow(a, 2, { time: 240, interval: 60, updated: 240, stopped: 240 })
    await expectRow(b, 4, { time: 60, interval: 60, updated: 60 })
  })

  test('a shared transaction that fails midway is rolled back, and its connection reused', async ({
    assert,
  }) => {
    if (!shareStatements(a, b)) {
      // SQLite and cPanel tenants (an account each) never share a statement.
      assert.notEqual(
        statementGroupOf(tenancy.connectionName(a)).key,
        statementGroupOf(tenancy.connectionName(b)).key
      )
      return
    }
    const connection = sharedWriteConnection(tenancy.connectionName(a))
    const [{ wait }] = await driverQuery<{ wait: unknown }>(
      connection,
      'SELECT @@SESSION.innodb_lock_wait_timeout AS wait'
    )
    assert.equal(Number(wait), 2, 'a lock in one tenant holds the others up 2 s at most')
    const insert = (tenant: Tenant, table: string) => ({
      sql: `INSERT INTO ${statementGroupOf(tenancy.connectionName(tenant)).schema}${table}
        (acctsessionid, acctuniqueid, username, nasipaddress) VALUES (?, ?, ?, ?)`,
      values: ['89001', 'rolledback89001', 'rolled', '10.5.0.1'],
    })
    await assert.rejects(() =>
      driverTransaction(connection, [insert(a, 'radacct'), insert(b, 'radacct_missing')])
    )
    assert.lengthOf(await rowsOf(a, 'radacct', { acctsessionid: '89001' }), 0)
    await driverTransaction(connection, [insert(a, 'radacct'), insert(b, 'radacct')])
    assert.lengthOf(await rowsOf(a, 'radacct', { acctsessionid: '89001' }), 1)
    assert.lengthOf(await rowsOf(b, 'radacct', { acctsessionid: '89001' }), 1)
  })

  test('a tenant whose radacct fails does not fail the others of the transaction', async ({
    assert,
  }) => {
    const away = db.connection(tenancy.connectionName(b))
    await away.rawQuery('ALTER TABLE radacct RENAME TO radacct_away')
    const before = radacctWriteCounters()
    try {
      const session = { username: 'solo', sessionId: '88001' }
      // One transaction for the three: a's rows, written before b's failed, are rolled back.
      const results = await Promise.allSettled([
        record(a, accountingOf(a, session, 'Start')),
        record(a, accountingOf(a, { ...session, sessionId: '88002' }, 'Start')),
        record(b, accountingOf(b, session, 'Start')),
      ])
      assert.deepEqual(
        results.map((result) => result.status),
        ['fulfilled', 'fulfilled', 'rejected']
      )
      // Shared: a's and b's rows failed together, then each was written alone.
      if (shareStatements(a, b))
        assert.equal(radacctWriteCounters().retriedAlone - before.retriedAlone, 3)
    } finally {
      await away.rawQuery('ALTER TABLE radacct_away RENAME TO radacct')
    }
    const rows = await rowsOf(a, 'radacct', { username: 'solo' })
    assert.deepEqual(
      rows.map((row) => row.acctsessionid),
      ['88001', '88002']
    )
  })
})
