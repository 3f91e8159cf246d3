/*
 * Accounting survives the database going away: simulated NAS keep sending Start / Interim /
 * Stop and retransmit what is not answered (RFC 2866 §2); the server (production recorder)
 * answers only stored records. On MariaDB the tenant's radacct is locked by another connection
 * and the pool's connections are killed (the shared MariaDB service itself is never stopped);
 * on SQLite the recorder fails as a dropped connection would. Afterwards every session is
 * complete.
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
import {
  accountingRequest,
  addNas,
  removeNas,
  sleep,
  startTestServer,
  V4,
  type TestServer,
} from './support.js'
import { RadiusAccountingRecorder } from '#radius/accounting/radius_accounting_recorder'
import { CoaClient } from '#radius/coa/coa_client'
import type { AccountingRecorder } from '#radius/types'

const SECRET = 'outage-secret-2'
const SESSIONS = 200
const SOCKETS = 4
const RETRANSMIT_MS = 250

/** The packets of one session, in order: Start, two Interim-Updates, Stop (totals). */
function sessionPackets(session: number, identifier: number): Buffer[] {
  const common: OutgoingAttribute[] = [
    ['User-Name', `user-${session}`],
    ['Acct-Session-Id', `outage-${session}`],
    ['Framed-IP-Address', `10.9.${session >> 8}.${session & 0xff}`],
  ]
  return (['Start', 'Interim-Update', 'Interim-Update', 'Stop'] as const).map((status, step) =>
    accountingRequest(
      SECRET,
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
 */
async function runNas(port: number, deadline: number): Promise<{ answered: number; sent: number }> {
  let answered = 0
  let sent = 0
  await Promise.all(
    Array.from({ length: SOCKETS }, async (_, socketIndex) => {
      const socket = createSocket('udp4')
      await new Promise<void>((resolve) => socket.bind(0, V4, resolve))
      // identifier → the request in flight and what to do when it is answered
      const waiting = new Map<number, { request: Buffer; answered: () => void }>()
      socket.on('message', (reply) => {
        const entry = waiting.get(reply[1])
        if (!entry) return
        // Like a real NAS, accept only a reply that authenticates against the request in
        // flight: a late reply to the previous packet (same identifier) must not count.
        try {
          decodeResponse(reply, entry.request, SECRET)
        } catch {
          return
        }
        entry.answered()
      })
      const sessions = Array.from({ length: SESSIONS / SOCKETS }, (_unused, i) => i)
      await Promise.all(
        sessions.map(async (identifier) => {
          for (const packet of sessionPackets(socketIndex * 1000 + identifier, identifier)) {
            await new Promise<void>((resolve) => {
              const timer = setInterval(() => {
                if (Date.now() > deadline) return done()
                sent++
                socket.send(packet, port, V4)
              }, RETRANSMIT_MS)
              const done = () => {
                clearInterval(timer)
                waiting.delete(identifier)
                resolve()
              }
              waiting.set(identifier, { request: packet, answered: () => (answered++, done()) })
              sent++
              socket.send(packet, port, V4)
            })
          }
        })
      )
      socket.close()
    })
  )
  return { answered, sent }
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
  let tenant: Tenant
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
    tenant = await tenantFixture()
    nasIds.push((await addNas(tenant, { ipAddress: V4, secret: SECRET })).id)
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
    const traffic = runNas(server.port('acct'), deadline)
    // The outage starts while most of the traffic is still to come, however fast the server.
    while (metrics.accountingResponses < SESSIONS / 4) await sleep(1)
    let answeredBefore = metrics.accountingResponses
    if (onMariadb) {
      await mariadbAway(tenant, 2000, () => (answeredBefore = metrics.accountingResponses))
    } else {
      failing = true
      await sleep(2000)
      failing = false
    }
    const answeredDuringOutage = metrics.accountingResponses - answeredBefore
    const { answered, sent } = await traffic

    assert.equal(answered, SESSIONS * 4)
    assert.isAbove(sent, answered, 'the NAS had to retransmit')
    assert.isBelow(answeredDuringOutage, SESSIONS, 'the outage held answers back')
    assert.isAbove(metrics.accountingErrors, 0, 'failed stores were counted, not answered')
    const rows = await tenancy.run(tenant, () =>
      db
        .connection(tenancy.connectionName(tenant))
        .from('radacct')
        .where('acctsessionid', 'like', 'outage-%')
    )
    assert.lengthOf(rows, SESSIONS)
    for (const row of rows) {
      const session = Number(String(row.acctsessionid).slice('outage-'.length))
      assert.isNotNull(row.acctstoptime, row.acctsessionid)
      assert.equal(Number(row.acctinputoctets), 3000 + session)
      assert.equal(Number(row.acctsessiontime), 180)
    }
  }).timeout(60_000)
})
