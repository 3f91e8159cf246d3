/*
 * The promise of onboarding, end to end: a NAS saved in the browser is served by the running
 * RADIUS server (real registry, production AAA) within a second, and its accounting shows up as
 * the NAS's status and sessions.
 */
import { test } from '@japa/runner'
import Nas from '#models/central/nas'
import type Tenant from '#models/central/tenant'
import tenancy from '#tenancy/main'
import { RadiusUserService } from '#services/radius_user_service'
import { NasStatusService } from '#services/nas_status_service'
import type { HttpSession } from '#tests/helpers/http'
import { tenantFixture } from '#tests/helpers/tenants'
import {
  radclient,
  removeNas,
  startTestServer,
  V4,
  type RadclientRun,
  type TestServer,
} from '../radius_server/support.js'
import { createdId, nasForm, postNas, secretOn, staffSession } from './helpers.js'

const LOGIN = 'User-Name = "siti"\nUser-Password = "rahasia-99"\nMessage-Authenticator = 0x00\n'

test.group('NAS onboarding: served by the RADIUS server', (group) => {
  let tenant: Tenant
  let server: TestServer
  let session: HttpSession
  let nasId: number
  let secret: string

  group.setup(async () => {
    tenant = await tenantFixture()
    await tenancy.run(tenant, () =>
      new RadiusUserService().create({ username: 'siti', password: 'rahasia-99' })
    )
    server = await startTestServer({})
    session = await staffSession(tenant)
    return async () => {
      await server.stop()
      const rows = await Nas.query().where('tenant_id', tenant.id).select('id')
      await removeNas(rows.map((row) => row.id))
    }
  })

  test('A NAS added through the UI authenticates a radclient request within one second, without a restart', async ({
    assert,
  }) => {
    const created = await postNas(session, nasForm({ name: 'Loopback', ipAddress: V4 }))
    const postedAt = performance.now()
    assert.equal(created.status, 302)
    nasId = createdId(created.location)

    // What the operator does next: read the secret off the page the browser lands on.
    secret = secretOn((await session.get(created.location!)).text)!
    assert.isString(secret)

    let run: RadclientRun | undefined
    let acceptedAt: number | undefined
    while (performance.now() - postedAt < 3000) {
      // Like a NAS: one request, retransmitted until answered (a router waits up to its timeout).
      run = await radclient({ address: V4, port: server.port('auth') }, 'auth', secret, LOGIN, {
        retries: 3,
        timeout: 1,
      })
      if (run.received[0]?.type === 'Access-Accept') {
        acceptedAt = performance.now()
        break
      }
    }
    assert.isDefined(acceptedAt, run?.output)
    assert.isBelow(acceptedAt! - postedAt, 1000)
  })

  test('its accounting makes it online, with its open sessions counted', async ({ assert }) => {
    const acct = { address: V4, port: server.port('acct') }
    const session1 =
      'User-Name = "siti"\nAcct-Session-Id = "81a00001"\nFramed-IP-Address = 10.5.0.9'
    const start = await radclient(acct, 'acct', secret, `${session1}\nAcct-Status-Type = Start\n`)
    assert.equal(start.received[0]?.type, 'Accounting-Response', start.output)

    const nas = await tenancy.run(tenant, async () =>
      NasStatusService.refresh(await Nas.findOrFail(nasId))
    )
    assert.equal(nas?.lastStatus, 'online')
    assert.match(nas?.lastStatusReason ?? '', /^RADIUS traffic \d+ s ago/)
    assert.isNotNull(nas?.lastContactAt)

    const page = await session.get(`/nas/${nasId}`)
    assert.include(page.text, 'id="nas-sessions">1<')
    const [row] = (await session.get('/nas/data?draw=1')).json().data
    assert.include(row, { id: nasId, sessions: 1 })
    assert.include(row.status, 'bg-success-100')

    const stop = await radclient(
      acct,
      'acct',
      secret,
      `${session1}\nAcct-Status-Type = Stop\nAcct-Session-Time = 30\n`
    )
    assert.equal(stop.received[0]?.type, 'Accounting-Response', stop.output)
    const counts = await tenancy.run(tenant, () => NasStatusService.activeSessions([nasId]))
    assert.equal(counts.get(nasId) ?? 0, 0)
  })
})
