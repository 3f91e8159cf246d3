/*
 * Interop with FreeRADIUS's own client: radclient 3.2 (Debian freeradius-utils) sends PAP, CHAP,
 * MS-CHAPv1, MS-CHAPv2, Status-Server and accounting Start / Interim-Update / Stop to the server
 * with its production wiring (registry, authorizer pipeline, accounting recorder) on loopback;
 * users are created with RadiusUserService; answers and attributes are read from `radclient -x`.
 */
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type Tenant from '#models/central/tenant'
import tenancy from '#tenancy/main'
import { RadiusUserService } from '#services/radius_user_service'
import { tenantFixture } from '#tests/helpers/tenants'
import { addNas, radclient, removeNas, startTestServer, V4, type TestServer } from './support.js'
import { postAuthSettled } from '#radius/users/radius_user_repository'

const SECRET = 'interop-secret-1'
const SIGN = 'Message-Authenticator = 0x00'
const RATE = '2M/10M 4M/20M 1500k/8M 16/16 8 1M/4M'

test.group('RADIUS server: interop with radclient', (group) => {
  let tenant: Tenant
  let server: TestServer
  const nasIds: number[] = []
  const auth = () => ({ address: V4, port: server.port('auth') })
  const acct = () => ({ address: V4, port: server.port('acct') })

  group.setup(async () => {
    tenant = await tenantFixture()
    nasIds.push((await addNas(tenant, { ipAddress: V4, secret: SECRET })).id)
    await tenancy.run(tenant, async () => {
      const users = new RadiusUserService()
      await users.create({ username: 'bob', password: 'hello', rateLimit: RATE })
      await users.create({ username: 'User', password: 'clientPass' })
    })
    server = await startTestServer({})
    return async () => {
      await server.stop()
      await removeNas(nasIds)
    }
  })

  test('PAP: the right password is accepted with the reply attributes, signed first', async ({
    assert,
  }) => {
    const run = await radclient(
      auth(),
      'auth',
      SECRET,
      `User-Name = "bob"\nUser-Password = "hello"\n${SIGN}\n`
    )
    assert.equal(run.code, 0, run.output)
    const [reply] = run.received
    assert.equal(reply.type, 'Access-Accept')
    assert.equal(reply.attributes['Mikrotik-Rate-Limit'], RATE)
    assert.equal(reply.attributes['Acct-Interim-Interval'], '300')
    assert.properties(reply.attributes, ['Message-Authenticator'])
    assert.equal(Object.keys(reply.attributes)[0], 'Message-Authenticator')
  })

  test('PAP: a wrong password gets a signed Access-Reject', async ({ assert }) => {
    const run = await radclient(
      auth(),
      'auth',
      SECRET,
      `User-Name = "bob"\nUser-Password = "nope"\n${SIGN}\n`
    )
    const [reply] = run.received
    assert.equal(reply.type, 'Access-Reject')
    assert.properties(reply.attributes, ['Message-Authenticator'])
  })

  test('without Message-Authenticator a NAS that requires it gets no answer (BlastRADIUS)', async ({
    assert,
  }) => {
    const before = server.server.metrics.dropped.E_RADIUS_MISSING_MESSAGE_AUTHENTICATOR
    const run = await radclient(
      auth(),
      'auth',
      SECRET,
      'User-Name = "bob"\nUser-Password = "hello"\n',
      { retries: 1 }
    )
    assert.lengthOf(run.received, 0)
    assert.equal(server.server.metrics.dropped.E_RADIUS_MISSING_MESSAGE_AUTHENTICATOR, before + 1)
  })

  test('CHAP', async ({ assert }) => {
    const ok = await radclient(
      auth(),
      'auth',
      SECRET,
      `User-Name = "bob"\nCHAP-Password = "hello"\n${SIGN}\n`
    )
    assert.equal(ok.received[0]?.type, 'Access-Accept', ok.output)
    const bad = await radclient(
      auth(),
      'auth',
      SECRET,
      `User-Name = "bob"\nCHAP-Password = "hellO"\n${SIGN}\n`
    )
    assert.equal(bad.received[0]?.type, 'Access-Reject')
  })

  test('MS-CHAPv1 (radclient computes the response from MS-CHAP-Password)', async ({ assert }) => {
    const run = await radclient(
      auth(),
      'auth',
      SECRET,
      `User-Name = "bob"\nMS-CHAP-Password = "hello"\n${SIGN}\n`
    )
    const [reply] = run.received
    assert.equal(reply?.type, 'Access-Accept', run.output)
    assert.properties(reply.attributes, ['MS-CHAP-MPPE-Keys'])
  })

  test('MS-CHAPv2 with the RFC 2759 §9.2 vectors: authenticator response and MPPE keys', async ({
    assert,
  }) => {
    const input = [
      'User-Name = "User"',
      'MS-CHAP-Challenge = 0x5b5d7c7d7b3f2f3e3c2c602132262628',
      'MS-CHAP2-Response = 0x010021402324255e262a28295f2b3a337c7e000000000000000082309ecd8d708b5ea08faa3981cd83544233114a3d85d6df',
      SIGN,
    ].join('\n')
    const run = await radclient(auth(), 'auth', SECRET, `${input}\n`)
    const [reply] = run.received
    assert.equal(reply?.type, 'Access-Accept', run.output)
    // Ident 0x01 then "S=407A5589115FD0D6209F510FE9C04566932CDA56" (RFC 2759 §9.2).
    assert.equal(
      reply.attributes['MS-CHAP2-Success'],
      `0x01${Buffer.from('S=407A5589115FD0D6209F510FE9C04566932CDA56').toString('hex')}`
    )
    assert.properties(reply.attributes, ['MS-MPPE-Send-Key', 'MS-MPPE-Recv-Key'])
  })

  test('Status-Server is answered on both ports (RFC 5997)', async ({ assert }) => {
    const onAuth = await radclient(auth(), 'status', SECRET, `${SIGN}\n`)
    assert.equal(onAuth.received[0]?.type, 'Access-Accept', onAuth.output)
    const onAcct = await radclient(acct(), 'status', SECRET, `${SIGN}\n`)
    assert.equal(onAcct.received[0]?.type, 'Accounting-Response', onAcct.output)
  })

  test('accounting Start, Interim-Update and Stop are answered once stored', async ({ assert }) => {
    const common =
      'User-Name = "bob"\nAcct-Session-Id = "81000001"\nFramed-IP-Address = 10.5.0.9\nNAS-IP-Address = 127.0.0.1'
    const input = [
      `${common}\nAcct-Status-Type = Start`,
      `${common}\nAcct-Status-Type = Interim-Update\nAcct-Input-Octets = 1000\nAcct-Input-Gigawords = 1\nAcct-Output-Octets = 5000\nAcct-Session-Time = 60`,
      `${common}\nAcct-Status-Type = Stop\nAcct-Input-Octets = 2000\nAcct-Input-Gigawords = 1\nAcct-Output-Octets = 9000\nAcct-Session-Time = 120\n${SIGN}`,
    ].join('\n\n')
    const run = await radclient(acct(), 'acct', SECRET, `${input}\n`)
    assert.equal(run.code, 0, run.output)
    assert.deepEqual(
      run.received.map((packet) => packet.type),
      ['Accounting-Response', 'Accounting-Response', 'Accounting-Response']
    )
    const rows = await tenancy.run(tenant, () =>
      db
        .connection(tenancy.connectionName(tenant))
        .from('radacct')
        .where('acctsessionid', '81000001')
    )
    await postAuthSettled()
    const authLog = await tenancy.run(tenant, () =>
      db.connection(tenancy.connectionName(tenant)).from('radpostauth').where('username', 'bob')
    )
    assert.isAbove(authLog.length, 0)
    assert.lengthOf(rows, 1)
    assert.equal(Number(rows[0].acctinputoctets), 2 ** 32 + 2000)
    assert.equal(Number(rows[0].acctoutputoctets), 9000)
    assert.equal(Number(rows[0].acctsessiontime), 120)
    assert.isNotNull(rows[0].acctstoptime)
  })
})
