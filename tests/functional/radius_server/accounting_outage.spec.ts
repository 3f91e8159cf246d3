/*
 * Accounting survives the database going away: simulated NAS keep sending Start / Interim /
 * Stop and retransmit what is not answered (RFC 2866 §2); the server (production recorder)
 * answers only stored records. Two tenants send at once: on MariaDB their packets share
 * transactions (radacct_writer.ts), and the first tenant's radacct is locked by another
 * connection and its connections are killed (the shared MariaDB service itself is never
 * stopped); on SQLite the recorder fails as a dropped connection would. Afterwards every
 * session of both tenants is complete.
 */
import { test } from '@japa/runner'
import { createSocket } from 'node:dgram'
import mysql from 'mysql2/promise'
import db from '@adonisjs/lucid/services/db'
import env from '#start/env'
import type Tenant from '#models/central/tenant'
import tenancy from '#tenancy/main'
import { decodeResponse, type OutgoingAttribute } from '#radius/codec/index'
import { testMysqlServer } from '#tests/helpers/databases'
import { tenantFixture } from '#tests/helpers/tenants'
import { shareStatements } from '../radius/helpers.js'
import {
  accountingRequest,
  addNas,
  removeNas,
  sleep,
  startTestServer,
  V4,
  V6,
  type TestServer,
} from './support.js'
import { radacctWriteCounters } from '#radius/accounting/radacct_writer'
import { RadiusAccountingRecorder } from '#radius/accounting/radius_accounting_recorder'
import { CoaClient } from '#radius/coa/coa_client'
import type { AccountingRecorder } from '#radius/types'

/** The two tenants' NAS: each sends from its own address with its own secret. */
const NAS = [
  { address: V4, secret: 'outage-secret-2' },
  { address: V6, secret: 'outage-secret-6' },
] as const
type Nas = (typeof NAS)[number]
const SESSIONS = 200
const SOCKETS = 4
const RETRANSMIT_MS = 250

/** The packets of one session, in order: Start, two Interim-Updates, Stop (totals). */
function sessionPackets(nas: Nas, session: number, identifier: number): Buffer[] {
  const common: OutgoingAttribute[] = [
    ['User-Name', `user-${session}`],
    ['Acct-Session-Id', `outage-${session}`],
    ['Framed-IP-Address', `10.9.${session >> 8}.${session & 0xff}`],
  ]
  return (['Start', 'Interim-Update', 'Interim-Update', 'Stop'] as const).map((status, step) =>
    accountingRequest(
      nas.secret,
      [
        ...common,
        ['Acct-Status-Type', status],
        ['Acct-Input-Octets', 1000 * step + session],
        ['Acct-Session-Time', 60 * step],
      ],
      identifier
    )
  )
}

/**
 * NAS doubles: `SOCKETS` source ports, each running its sessions one packet at a time and
 * retransmitting every RETRANSMIT_MS until answered. Resolves when all are answered or at `deadline`.
 * Packets sent and answered are counted into `counts` as they go.
 */
async function runNas(
  nas: Nas,
  port: number,
  deadline: number,
  counts = { answered: 0, sent: 0 }
): Promise<{ answered: number; sent: number }> {
  await Promise.all(
    Array.from({ length: SOCKETS }, async (_, socketIndex) => {
      const socket = createSocket(nas.address === V6 ? 'udp6' : 'udp4')
      await new Promise<void>((resolve) => socket.bind(0, nas.address, resolve))
      // identifier → the request in flight and what to do when it is answered
      const waiting = new Map<number, { request: Buffer; answered: () => void }>()
      socket.on('message', (reply) => {
        const entry = waiting.get(reply[1])
        if (!entry) return
        // Like a real NAS, accept only a reply that authenticates against the request in
        // flight: a late reply to the previous packet (same identifier) must not count.
        try {
          decodeResponse(reply, entry.request, nas.secret)
        } catch {
          return
        }
        entry.answered()
      })
      const sessions = Array.from({ length: SESSIONS / SOCKETS }, (_unused, i) => i)
      await Promise.all(
        sessions.map(async (identifier) => {
          for (const packet of sessionPackets(nas, socketIndex * 1000 + identifier, identifier)) {
            await new Promise<void>((resolve) => {
              const timer = setInterval(() => {
                if (Date.now() > deadline) return done()
                counts.sent++
                socket.send(packet, port, nas.address)
              }, RETRANSMIT_MS)
              const done = () => {
                clearInterval(timer)
                waiting.delete(identifier)
                resolve()
              }
              waiting.set(identifier, {
                request: packet,
                answered: () => (counts.answered++, done()),
              })
              counts.sent++
              socket.send(packet, port, nas.address)
            })
          }
        })
      )
      socket.close()
    })
  )
  return counts
}

/**
 * Makes the tenant database unusable for `ms`: radacct locked by another connection, and every
 * connection of the tenant's pool killed again and again (as a server restart would).
 */
async function mariadbAway(tenant: Tenant, ms: number, onAway: () => void) {
  const admin = await mysql.createConnection({ ...testMysqlServer(), database: tenant.dbName })
  try {
    await admin.query('LOCK TABLES radacct WRITE')
    // Writes already past the lock may still be answered; the outage starts now.
    onAway()
    for (const deadline = Date.now() + ms; Date.now() < deadline;) {
      await sleep(250)
      const [rows] = await admin.query(
        'SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()',
        [tenant.dbName]
      )
      for (const { ID } of rows as { ID: number }[]) {
        await admin.query(`KILL ${Number(ID)}`).catch(() => {}) // it may have ended meanwhile
      }
    }
  } finally {
    await admin.query('UNLOCK TABLES').catch(() => {})
    await admin.end()
  }
}

test.group('RADIUS server: accounting survives the database going away', (group) => {
  /** The first tenant's database goes away; the second's packets share its transactions. */
  let tenants: Tenant[]
  let server: TestServer
  const nasIds: number[] = []
  const real = new RadiusAccountingRecorder({ coa: new CoaClient({ log: null }) })
  let failing = false
  const recorder: AccountingRecorder = {
    record: (request) =>
      failing
        ? Promise.reject(new Error('database unavailable (simulated)'))
        : real.record(request),
  }
  const onMariadb = env.get('DB_CONNECTION') === 'mysql' && env.get('TENANCY_DRIVER') !== 'sqlite'

  group.setup(async () => {
    tenants = [await tenantFixture(), await tenantFixture()]
    for (const [at, tenant] of tenants.entries()) {
      nasIds.push((await addNas(tenant, { ipAddress: NAS[at].address, secret: NAS[at].secret })).id)
    }
    server = await startTestServer({
      recorder,
      authorizer: { authorize: async () => ({ accept: false, attributes: [] }) },
    })
    return async () => {
      await server.stop()
      await removeNas(nasIds)
    }
  })

  test('every record sent during an outage is stored once the database is back', async ({
    assert,
  }) => {
    const metrics = server.server.metrics
    const deadline = Date.now() + 40_000
    const counts = NAS.map(() => ({ answered: 0, sent: 0 }))
    const writesBefore = radacctWriteCounters()
    const traffic = Promise.all(
      NAS.map((nas, at) => runNas(nas, server.port('acct', nas.address), deadline, counts[at]))
    )
    // The outage starts while most of the traffic is still to come, however fast the server.
    const [away] = counts
    while (away.answered < SESSIONS / 4) await sleep(1)
    let answeredBefore = away.answered
    if (onMariadb) {
      await mariadbAway(tenants[0], 2000, () => (answeredBefore = away.answered))
    } else {
      failing = true
      await sleep(2000)
      failing = false
    }
    const answeredDuringOutage = away.answered - answeredBefore
    await traffic

    assert.deepEqual(
      counts.map(({ answered }) => answered),
      [SESSIONS * 4, SESSIONS * 4]
    )
    assert.isAbove(away.sent, away.answered, 'the NAS had to retransmit')
    assert.isBelow(answeredDuringOutage, SESSIONS, 'the outage held answers back')
    assert.isAbove(metrics.accountingErrors, 0, 'failed stores were counted, not answered')
    if (shareStatements(tenants[0], tenants[1])) {
      // Their packets shared transactions, and those caught by the outage were written alone.
      const writes = radacctWriteCounters()
      assert.isAbove(writes.retriedAlone, writesBefore.retriedAlone)
    }
    for (const tenant of tenants) {
      const rows = await tenancy.run(tenant, () =>
        db
          .connection(tenancy.connectionName(tenant))
          .from('radacct')
          .where('acctsessionid', 'like', 'outage-%')
      )
      assert.lengthOf(rows, SESSIONS, tenant.slug)
      for (const row of rows) {
        const session = Number(String(row.acctsessionid).slice('outage-'.length))
        assert.isNotNull(row.acctstoptime, row.acctsessionid)
        assert.equal(Number(row.acctinputoctets), 3000 + session)
        assert.equal(Number(row.acctsessiontime), 180)
      }
    }
  }).timeout(60_000)
})
