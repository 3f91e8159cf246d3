/*
 * Tenant isolation at the edge, with the production AAA pipeline: routing by source address (and
 * NAS-Identifier + secret behind a shared address), registry changes served without a restart,
 * suspended tenants rejected.
 */
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type Tenant from '#models/central/tenant'
import tenancy from '#tenancy/main'
import { RadiusCode } from '#radius/codec/index'
import Nas from '#models/central/nas'
import { NasRegistryService } from '#services/nas_registry_service'
import { RadiusUserService } from '#services/radius_user_service'
import { TenantStatusService } from '#services/tenant_status_service'
import { PlatformRole } from '#enums/platform_role'
import { platformUser, tenantFixture } from '#tests/helpers/tenants'
import {
  accessRequest,
  accountingRequest,
  addNas,
  ask,
  radclient,
  removeNas,
  replyCode,
  sleep,
  startTestServer,
  V4,
  V6,
  type TestServer,
} from './support.js'
import { postAuthSettled } from '#radius/users/radius_user_repository'

const SECRET_A = 'secret-of-a-7'
const SECRET_B = 'secret-of-b-9'
const { AccessAccept, AccessReject, AccountingResponse } = RadiusCode

test.group('RADIUS server: tenant isolation at the edge', (group) => {
  let a: Tenant
  let b: Tenant
  let server: TestServer
  let nasA: number
  let nasB: number
  const extraNas: number[] = []
  const authAt = (address: string) => ({ address, port: server.port('auth', address) })

  group.setup(async () => {
    a = await tenantFixture()
    b = await tenantFixture()
    nasA = (await addNas(a, { ipAddress: V4, secret: SECRET_A })).id
    nasB = (await addNas(b, { ipAddress: V6, secret: SECRET_B })).id
    for (const [tenant, password] of [
      [a, 'pass-a'],
      [b, 'pass-b'],
    ] as const) {
      await tenancy.run(tenant, () =>
        new RadiusUserService().create({ username: 'alice', password })
      )
    }
    server = await startTestServer({})
    return async () => {
      await server.stop()
      await removeNas([nasA, nasB, ...extraNas])
    }
  })

  test("the same username: A's NAS authenticates only A's user, B's NAS only B's", async ({
    assert,
  }) => {
    const fromA = (password: string) => ask(authAt(V4), accessRequest(SECRET_A, 'alice', password))
    const fromB = (password: string) => ask(authAt(V6), accessRequest(SECRET_B, 'alice', password))
    assert.equal(replyCode(await fromA('pass-a')), AccessAccept)
    assert.equal(replyCode(await fromA('pass-b')), AccessReject)
    assert.equal(replyCode(await fromB('pass-b')), AccessAccept)
    assert.equal(replyCode(await fromB('pass-a')), AccessReject)

    // radclient over IPv6 reaches tenant B too.
    const run = await radclient(
      authAt(V6),
      'auth',
      SECRET_B,
      'User-Name = "alice"\nUser-Password = "pass-b"\nMessage-Authenticator = 0x00\n'
    )
    assert.equal(run.received[0]?.type, 'Access-Accept', run.output)

    // Seen NAS get last_seen_at in one batched UPDATE, which the registry reads back fine.
    await server.registry.flushLastSeen()
    await server.registry.reload()
    for (const id of [nasA, nasB]) assert.isNotNull((await Nas.findOrFail(id)).lastSeenAt)
  })

  test("a packet signed with the other tenant's secret gets no answer", async ({ assert }) => {
    const before = server.server.metrics.dropped.E_RADIUS_BAD_MESSAGE_AUTHENTICATOR
    assert.isUndefined(await ask(authAt(V4), accessRequest(SECRET_B, 'alice', 'pass-b')))
    assert.equal(server.server.metrics.dropped.E_RADIUS_BAD_MESSAGE_AUTHENTICATOR, before + 1)
  })

  test('a removed NAS is unknown within a second; added again, it is served within a second', async ({
    assert,
  }) => {
    await NasRegistryService.remove(nasB)
    await sleep(1100)
    const unknownBefore = server.server.metrics.dropped.E_NAS_UNKNOWN
    assert.isUndefined(await ask(authAt(V6), accessRequest(SECRET_B, 'alice', 'pass-b'), 300))
    assert.isAbove(server.server.metrics.dropped.E_NAS_UNKNOWN, unknownBefore)

    nasB = (await addNas(b, { ipAddress: V6, secret: SECRET_B })).id
    const started = Date.now()
    const reply = await ask(authAt(V6), accessRequest(SECRET_B, 'alice', 'pass-b'), 2000, 100)
    assert.equal(replyCode(reply), AccessAccept)
    assert.isBelow(Date.now() - started, 1200)
  })

  test('a changed secret takes effect within a second, with no restart', async ({ assert }) => {
    await NasRegistryService.update(nasB, { secret: 'rotated-secret-b' })
    const started = Date.now()
    const reply = await ask(
      authAt(V6),
      accessRequest('rotated-secret-b', 'alice', 'pass-b'),
      2000,
      100
    )
    assert.equal(replyCode(reply), AccessAccept)
    assert.isBelow(Date.now() - started, 1200)
    assert.isUndefined(await ask(authAt(V6), accessRequest(SECRET_B, 'alice', 'pass-b'), 300))
    await NasRegistryService.update(nasB, { secret: SECRET_B })
    await sleep(1100)
  })

  test('routers behind one address are told apart by NAS-Identifier and secret', async ({
    assert,
  }) => {
    extraNas.push(
      (await addNas(b, { ipAddress: V4, identifier: 'router-b', secret: 'secret-router-b' })).id
    )
    await sleep(1100)
    const asRouterB = (password: string, secret = 'secret-router-b') =>
      ask(authAt(V4), accessRequest(secret, 'alice', password, [['NAS-Identifier', 'router-b']]))
    assert.equal(replyCode(await asRouterB('pass-b')), AccessAccept)
    assert.equal(replyCode(await asRouterB('pass-a')), AccessReject)
    // A's router (no NAS-Identifier) at the same address still reaches A.
    assert.equal(
      replyCode(await ask(authAt(V4), accessRequest(SECRET_A, 'alice', 'pass-a'))),
      AccessAccept
    )
    // Claiming router-b's identity without its secret verifies against nobody's secret but A's.
    assert.equal(replyCode(await asRouterB('pass-a', SECRET_A)), AccessAccept)
    assert.isUndefined(await asRouterB('pass-b', 'guessed-secret'))
  })

  test("a suspended tenant's NAS gets Access-Reject for everyone, its accounting is still stored", async ({
    assert,
  }) => {
    const admin = await platformUser(PlatformRole.SuperAdmin)
    await TenantStatusService.suspend(b, 'unpaid', admin, null)
    try {
      await sleep(1100)
      const reply = await ask(authAt(V6), accessRequest(SECRET_B, 'alice', 'pass-b'))
      assert.equal(replyCode(reply), AccessReject)
      const start = accountingRequest(SECRET_B, [
        ['User-Name', 'alice'],
        ['Acct-Session-Id', 'suspended-1'],
        ['Acct-Status-Type', 'Start'],
      ])
      const acct = await ask({ address: V6, port: server.port('acct', V6) }, start)
      assert.equal(replyCode(acct), AccountingResponse)

      await postAuthSettled()
      const connection = () => db.connection(tenancy.connectionName(b))
      await tenancy.run(b, async () => {
        const rejects = await connection()
          .from('radpostauth')
          .where('username', 'alice')
          .where('reply', 'Access-Reject')
        assert.isTrue(rejects.some((row) => String(row.reason).includes('suspended')))
        const sessions = await connection().from('radacct').where('acctsessionid', 'suspended-1')
        assert.lengthOf(sessions, 1)
      })
      // Tenant A is unaffected.
      assert.equal(
        replyCode(await ask(authAt(V4), accessRequest(SECRET_A, 'alice', 'pass-a'))),
        AccessAccept
      )
    } finally {
      await TenantStatusService.unsuspend(b, 'paid', admin, null)
    }
    await sleep(1100)
    assert.equal(
      replyCode(await ask(authAt(V6), accessRequest(SECRET_B, 'alice', 'pass-b'))),
      AccessAccept
    )
  })
})
