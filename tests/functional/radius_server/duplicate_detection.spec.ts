/*
 * RFC 5080 §2.2.2 duplicate detection: a retransmission (same source IP and port, Identifier and
 * Request Authenticator) gets the cached reply and is never evaluated twice.
 */
import { test } from '@japa/runner'
import type Tenant from '#models/central/tenant'
import { RadiusCode } from '#radius/codec/index'
import { tenantFixture } from '#tests/helpers/tenants'
import {
  accessRequest,
  accountingRequest,
  addNas,
  ask,
  exchange,
  removeNas,
  startTestServer,
  V4,
  type TestServer,
} from './support.js'
import { TestAuthorizer, TestRecorder } from './test_aaa.js'

const SECRET = 'duplicate-secret-3'

test.group('RADIUS server: duplicate detection', (group) => {
  let tenant: Tenant
  let server: TestServer
  const nasIds: number[] = []
  const authorizer = new TestAuthorizer()
  const recorder = new TestRecorder()
  const auth = () => ({ address: V4, port: server.port('auth') })
  const acct = () => ({ address: V4, port: server.port('acct') })

  group.setup(async () => {
    tenant = await tenantFixture()
    nasIds.push((await addNas(tenant, { ipAddress: V4, secret: SECRET })).id)
    authorizer.add(tenant, 'bob', 'hello')
    server = await startTestServer({ authorizer, recorder })
    return async () => {
      await server.stop()
      await removeNas(nasIds)
    }
  })

  group.each.setup(() => {
    authorizer.delayMs = 0
  })

  test('a retransmission gets the same reply bytes without a second evaluation', async ({
    assert,
  }) => {
    const request = accessRequest(SECRET, 'bob', 'hello', [], 7)
    const callsBefore = authorizer.calls
    const resentBefore = server.server.metrics.duplicatesResent
    const replies = await exchange(auth(), [request, request, request], 300, 50)
    assert.lengthOf(replies, 3)
    assert.equal(replies[0][0], RadiusCode.AccessAccept)
    assert.isTrue(replies[1].equals(replies[0]) && replies[2].equals(replies[0]))
    assert.equal(authorizer.calls, callsBefore + 1)
    assert.equal(server.server.metrics.duplicatesResent, resentBefore + 2)
  })

  test('retransmissions while the first copy is in flight are dropped, then answered from the cache', async ({
    assert,
  }) => {
    authorizer.delayMs = 500
    const request = accessRequest(SECRET, 'bob', 'hello', [], 8)
    const callsBefore = authorizer.calls
    const { duplicatesInFlight, duplicatesResent } = server.server.metrics
    // Copies at 0, 200 and 400 ms arrive while the first is evaluated (until ~500 ms); the one at
    // 600 ms finds the answer in the cache.
    const replies = await exchange(auth(), [request, request, request, request], 300, 200)
    assert.equal(server.server.metrics.duplicatesInFlight, duplicatesInFlight + 2)
    assert.equal(server.server.metrics.duplicatesResent, duplicatesResent + 1)
    assert.lengthOf(replies, 2)
    assert.isTrue(replies[1].equals(replies[0]))
    assert.equal(authorizer.calls, callsBefore + 1)
  })

  test('a new Request Authenticator under the same Identifier is a new request', async ({
    assert,
  }) => {
    const callsBefore = authorizer.calls
    const first = accessRequest(SECRET, 'bob', 'hello', [], 9)
    const second = accessRequest(SECRET, 'bob', 'wrong', [], 9)
    const replies = await exchange(auth(), [first, second], 300, 50)
    assert.deepEqual(
      replies.map((reply) => reply[0]),
      [RadiusCode.AccessAccept, RadiusCode.AccessReject]
    )
    assert.equal(authorizer.calls, callsBefore + 2)
  })

  test('the same request from another source port is not a duplicate', async ({ assert }) => {
    const callsBefore = authorizer.calls
    const request = accessRequest(SECRET, 'bob', 'hello', [], 10)
    assert.equal((await ask(auth(), request))?.[0], RadiusCode.AccessAccept)
    assert.equal((await ask(auth(), request))?.[0], RadiusCode.AccessAccept)
    assert.equal(authorizer.calls, callsBefore + 2)
  })

  test('an accounting retransmission is stored once and answered each time', async ({ assert }) => {
    const callsBefore = recorder.calls
    const request = accountingRequest(
      SECRET,
      [
        ['User-Name', 'bob'],
        ['Acct-Session-Id', 'dup-1'],
        ['Acct-Status-Type', 'Start'],
      ],
      11
    )
    const replies = await exchange(acct(), [request, request], 300, 100)
    assert.lengthOf(replies, 2)
    assert.isTrue(replies[1].equals(replies[0]))
    assert.equal(replies[0][0], RadiusCode.AccountingResponse)
    assert.equal(recorder.calls, callsBefore + 1)
  })
})

/*
 * RADIUS_WORKERS > 1: every worker binds the ports with SO_REUSEPORT and keeps its own duplicate
 * cache. The kernel picks a socket by hashing the source and destination, so retransmissions
 * from a NAS's port always reach the worker that saw the first copy. Two servers in this
 * process stand in for two workers.
 */
test.group('RADIUS server: duplicate detection across SO_REUSEPORT workers', (group) => {
  let tenant: Tenant
  const servers: TestServer[] = []
  const nasIds: number[] = []
  const authorizer = new TestAuthorizer()

  group.setup(async () => {
    tenant = await tenantFixture()
    nasIds.push((await addNas(tenant, { ipAddress: V4, secret: SECRET })).id)
    authorizer.add(tenant, 'bob', 'hello')
    const listener = {
      bind: [V4],
      authPort: 0,
      acctPort: 0,
      reusePort: true,
      recvBufferSize: 1 << 20,
    }
    const first = await startTestServer({ authorizer, listener })
    servers.push(first)
    const ports = { authPort: first.port('auth'), acctPort: first.port('acct') }
    servers.push(await startTestServer({ authorizer, listener: { ...listener, ...ports } }))
    return async () => {
      for (const server of servers) await server.stop()
      await removeNas(nasIds)
    }
  })

  test('40 NAS ports × 3 copies: each request evaluated once, both workers used', async ({
    assert,
  }) => {
    const callsBefore = authorizer.calls
    const target = { address: V4, port: servers[0].port('auth') }
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_unused, i) => {
        const request = accessRequest(SECRET, 'bob', 'hello', [], i)
        return exchange(target, [request, request, request], 300, 30)
      })
    )
    assert.isTrue(replies.every((copies) => copies.length === 3))
    assert.equal(authorizer.calls, callsBefore + 40)
    const [a, b] = servers.map((server) => server.server.metrics)
    assert.equal(a.duplicatesResent + b.duplicatesResent, 80)
    assert.isAbove(a.accessRequests, 0)
    assert.isAbove(b.accessRequests, 0)
  })
})
