import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import tenancy from '#tenancy/main'
import radiusPlugin from '../../../plugins/radius/index.js'
import type { DeviceContext, DeviceDriver } from '#plugins/contracts/device_driver'
import {
  FakeCoaSender,
  fakeServices,
  runDeviceDriverConformance,
  sampleNas,
} from '#tests/plugin_kit/index'
import { tenantFixture } from '#tests/helpers/tenants'
import { rejection } from './helpers.js'

/** UTC 'YYYY-MM-DD HH:MM:SS', as the accounting recorder writes radacct times. */
function sqlTime(secondsAgo: number) {
  return new Date(Date.now() - secondsAgo * 1000).toISOString().slice(0, 19).replace('T', ' ')
}

let sequence = 0
function session(nasId: number, fields: Record<string, unknown>) {
  sequence += 1
  return {
    acctsessionid: `S${sequence}`,
    acctuniqueid: `u${Date.now().toString(16)}${sequence}`.slice(0, 32),
    username: 'user',
    nasipaddress: '192.0.2.1',
    nas_id: nasId,
    ...fields,
  }
}

/** A tenant database with sessions of NAS 501 (two open, one closed) and of NAS 502. */
async function tenantWithSessions() {
  const tenant = await tenantFixture()
  const connection = await tenancy.connect(tenant)
  const rows = [
    session(501, {
      acctsessionid: '81a00001',
      username: 'budi',
      framedipaddress: '10.5.0.2',
      callingstationid: 'AA:BB:CC:DD:EE:01',
      acctstarttime: sqlTime(120),
      acctupdatetime: sqlTime(30),
      acctsessiontime: 90,
      acctinputoctets: 1_000,
      acctoutputoctets: 25_000_000_000,
    }),
    session(501, { username: 'siti', acctstarttime: null, acctsessiontime: 42 }),
    session(501, { username: 'old', acctstarttime: sqlTime(9000), acctstoptime: sqlTime(8000) }),
    session(502, { username: 'elsewhere', acctstarttime: sqlTime(60) }),
  ]
  // One by one: a multi-row insert would write NULL into the NOT NULL columns a row leaves out.
  for (const row of rows) await db.connection(connection).table('radacct').insert(row)
  return { tenant, services: { db: () => db.connection(connection) } }
}

runDeviceDriverConformance(radiusPlugin, {
  settings: {},
  context: async () => {
    const { tenant, services } = await tenantWithSessions()
    return { nas: sampleNas({ id: 501, tenantId: tenant.id }), services }
  },
})

test.group('RADIUS device driver', (group) => {
  let driver: DeviceDriver
  let ctx: DeviceContext
  let coa: FakeCoaSender
  group.setup(async () => {
    const { tenant, services } = await tenantWithSessions()
    coa = new FakeCoaSender()
    driver = await radiusPlugin.create(
      { onlineWindowMinutes: 10 },
      fakeServices('radius', { ...services, coa })
    )
    ctx = {
      nas: sampleNas({ id: 501, tenantId: tenant.id, name: 'Tower A' }),
      settings: { onlineWindowMinutes: 10 },
    }
  })

  test('lists the open sessions of its NAS only', async ({ assert }) => {
    const sessions = await driver.listOnline(ctx)
    assert.deepEqual(
      sessions.map((item) => item.username),
      ['budi', 'siti']
    )
    const [budi, siti] = sessions
    assert.deepInclude(budi, {
      id: '81a00001',
      address: '10.5.0.2',
      macAddress: 'AA:BB:CC:DD:EE:01',
      bytesIn: 1_000,
      bytesOut: 25_000_000_000,
    })
    assert.closeTo(budi.uptimeSeconds, 120, 5)
    assert.deepInclude(siti, { address: null, macAddress: null, uptimeSeconds: 42 })
  })

  test('disconnects through CoA; a NAK is reported, a timeout is E_DEVICE_UNREACHABLE', async ({
    assert,
  }) => {
    const target = { id: '81a00001', username: 'budi', address: '10.5.0.2' }
    assert.deepEqual(await driver.disconnect(ctx, target), {
      disconnected: true,
      message: 'Disconnect-ACK',
    })
    assert.deepEqual(coa.calls.at(-1), {
      action: 'disconnect',
      session: {
        nas: ctx.nas,
        username: 'budi',
        acctSessionId: '81a00001',
        framedIpAddress: '10.5.0.2',
      },
    })

    coa.reply = { acknowledged: false, errorCause: 503 }
    assert.deepEqual(await driver.disconnect(ctx, target), {
      disconnected: false,
      message: 'Disconnect-NAK (Error-Cause 503)',
    })

    coa.reply = { acknowledged: false, timedOut: true }
    const error = await rejection(driver.disconnect(ctx, target))
    assert.equal(error.code, 'E_DEVICE_UNREACHABLE')
    assert.include(error.message, 'Tower A did not answer the Disconnect-Request on port 3799')
  })

  test('online while accounting is recent; offline after the window or with none', async ({
    assert,
  }) => {
    assert.isTrue((await driver.health(ctx)).online)
    const connection = await driver.testConnection(ctx)
    assert.isTrue(connection.ok)
    assert.match(connection.message, /^Last RADIUS traffic from Tower A (29|30|31) s ago$/)

    const silent = { ...ctx, nas: { ...ctx.nas, id: 599 } }
    assert.isFalse((await driver.health(silent)).online)
    assert.deepInclude(await driver.testConnection(silent), {
      ok: false,
      message: 'No RADIUS traffic from Tower A yet: run the connection script on the router',
    })

    // An Access-Request seen by the server counts too (nas.last_seen_at).
    const seen = { ...silent, nas: { ...silent.nas, lastSeenAt: new Date(Date.now() - 60_000) } }
    assert.isTrue((await driver.health(seen)).online)
    const stale = {
      ...silent,
      nas: { ...silent.nas, lastSeenAt: new Date(Date.now() - 11 * 60_000) },
    }
    assert.isFalse((await driver.health(stale)).online)
  })

  test('customers and packages need no push: the calls succeed and touch nothing', async ({
    assert,
  }) => {
    const pkg = { name: 'p', service: 'hotspot' as const }
    await driver.removePackage(ctx, pkg)
    await driver.removeCustomer(ctx, { username: 'budi', service: 'hotspot' })
    assert.lengthOf(await driver.listOnline(ctx), 2)
  })
})
