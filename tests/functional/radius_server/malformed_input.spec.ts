/*
 * Malformed and hostile datagrams at the running server: each is dropped and counted by reason,
 * nothing crashes, and valid requests keep being answered. Includes a seeded fuzz of 100,000
 * mutated packets (half re-signed so they reach the attribute decoder and the AAA side).
 */
import { test } from '@japa/runner'
import { createSocket } from 'node:dgram'
import type Tenant from '#models/central/tenant'
import { RadiusCode } from '#radius/codec/index'
import type { AccountingRecorder } from '#radius/types'
import type { DropReason } from '#radius/server/radius_metrics'
import { tenantFixture } from '#tests/helpers/tenants'
import { FIXTURE_SECRET as SECRET, fixtures } from '#tests/unit/radius/fixtures'
import { resignRequest } from '#tests/unit/radius/helpers'
import {
  accessRequest,
  accountingRequest,
  addNas,
  ask,
  eventually,
  removeNas,
  replyCode,
  startTestServer,
  V4,
  type TestServer,
} from './support.js'
import { TestAuthorizer } from './test_aaa.js'

/** mulberry32: a seeded PRNG returning integers in [0, n). */
function prng(seed: number): (n: number) => number {
  let state = seed >>> 0
  return (n) => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n)
  }
}

/** One to three random edits: bit flips, byte sets, truncation, junk, Length and attribute lengths. */
function mutate(original: Buffer, random: (n: number) => number): Buffer {
  let packet = Buffer.from(original)
  for (let round = 1 + random(3); round > 0 && packet.length > 0; round--) {
    const at = random(packet.length)
    switch (random(6)) {
      case 0:
        packet[at] ^= 1 << random(8)
        break
      case 1:
        packet[at] = random(256)
        break
      case 2:
        packet = packet.subarray(0, random(packet.length + 1))
        break
      case 3:
        packet = Buffer.concat([packet, Buffer.alloc(1 + random(40), random(256))])
        break
      case 4:
        if (packet.length >= 4) packet.writeUInt16BE(random(packet.length + 16), 2)
        break
      default:
        if (packet.length > 21) packet[20 + random(packet.length - 21) + 1] = random(4)
    }
  }
  return packet
}

test.group('RADIUS server: malformed input', (group) => {
  let tenant: Tenant
  let server: TestServer
  const nasIds: number[] = []
  const authorizer = new TestAuthorizer()
  const recorded = { calls: 0 }
  const recorder: AccountingRecorder = { record: async () => void recorded.calls++ }
  const auth = () => ({ address: V4, port: server.port('auth') })
  const acct = () => ({ address: V4, port: server.port('acct') })
  const valid = () => accessRequest(SECRET, 'bob', 'hello')
  const dropped = (reason: DropReason) => server.server.metrics.dropped[reason]

  group.setup(async () => {
    tenant = await tenantFixture()
    // The fixtures' secret, so radclient-made packets are valid from this NAS.
    nasIds.push((await addNas(tenant, { ipAddress: V4, secret: SECRET })).id)
    authorizer.add(tenant, 'bob', 'hello')
    server = await startTestServer({ authorizer, recorder })
    return async () => {
      await server.stop()
      await removeNas(nasIds)
    }
  })

  /** Sends `datagram`, expects silence and one more drop for `reason`, then a valid answer. */
  async function assertDropped(assert: any, datagram: Buffer, reason: DropReason, target = auth()) {
    const before = dropped(reason)
    assert.isUndefined(await ask(target, datagram, 250), reason)
    assert.equal(dropped(reason), before + 1, reason)
    assert.equal(replyCode(await ask(auth(), valid())), RadiusCode.AccessAccept)
  }

  test('truncated packets and wrong Length fields', async ({ assert }) => {
    const packet = valid()
    await assertDropped(assert, packet.subarray(0, 12), 'E_RADIUS_MALFORMED')
    await assertDropped(assert, packet.subarray(0, packet.length - 5), 'E_RADIUS_MALFORMED')
    const tooLong = Buffer.from(packet)
    tooLong.writeUInt16BE(packet.length + 10, 2)
    await assertDropped(assert, tooLong, 'E_RADIUS_MALFORMED')
    const tooShort = Buffer.from(packet)
    tooShort.writeUInt16BE(19, 2)
    await assertDropped(assert, tooShort, 'E_RADIUS_MALFORMED')
  })

  test('bad attribute lengths', async ({ assert }) => {
    for (const length of [0, 1, 200]) {
      const packet = valid()
      packet[39] = length // User-Name's Length (an 18-byte Message-Authenticator comes first)
      await assertDropped(assert, packet, 'E_RADIUS_MALFORMED')
    }
  })

  test('wrong secret and forged authenticators', async ({ assert }) => {
    await assertDropped(assert, fixtures.papWrongSecret, 'E_RADIUS_BAD_MESSAGE_AUTHENTICATOR')
    await assertDropped(
      assert,
      fixtures.accountingWrongSecret,
      'E_RADIUS_BAD_AUTHENTICATOR',
      acct()
    )
    const forgedAccess = valid()
    forgedAccess[forgedAccess.length - 1] ^= 0x40 // the password changes, the signature does not
    await assertDropped(assert, forgedAccess, 'E_RADIUS_BAD_MESSAGE_AUTHENTICATOR')
    const forgedAccounting = accountingRequest(SECRET, [
      ['Acct-Status-Type', 'Start'],
      ['User-Name', 'bob'],
    ])
    forgedAccounting[4] ^= 1
    await assertDropped(assert, forgedAccounting, 'E_RADIUS_BAD_AUTHENTICATOR', acct())
    await assertDropped(
      assert,
      fixtures.chapWithChallenge,
      'E_RADIUS_MISSING_MESSAGE_AUTHENTICATOR'
    )
  })

  test('oversized datagrams and codes a port does not serve', async ({ assert }) => {
    await assertDropped(assert, Buffer.concat([valid(), Buffer.alloc(5000)]), 'E_RADIUS_MALFORMED')
    await assertDropped(assert, fixtures.accountingStart, 'E_WRONG_PORT')
    await assertDropped(assert, fixtures.disconnectRequest, 'E_WRONG_PORT')
    await assertDropped(assert, valid(), 'E_WRONG_PORT', acct())
  })

  test('fuzz: 100,000 mutated packets at the running server, then a valid request is answered', async ({
    assert,
  }) => {
    const random = prng(0x5eed2027)
    const corpus = [
      [fixtures.papWithMessageAuthenticator, 'auth'],
      [fixtures.chapWithMessageAuthenticator, 'auth'],
      [fixtures.mschapV1, 'auth'],
      [fixtures.mschapV2, 'auth'],
      [fixtures.statusServer, 'auth'],
      [fixtures.accountingStart, 'acct'],
      [fixtures.accountingInterim, 'acct'],
    ] as const
    const socket = createSocket('udp4')
    await new Promise<void>((resolve) => socket.bind(0, V4, resolve))
    const metrics = server.server.metrics
    const receivedBefore = metrics.received
    const total = 100_000
    const deadline = Date.now() + 90_000
    let sent = 0
    try {
      // Batches small enough for the receive buffer; the server shares this event loop.
      while (sent < total && Date.now() < deadline) {
        for (let i = 0; i < 500; i++, sent++) {
          const [original, service] = corpus[random(corpus.length)]
          const packet = mutate(original, random)
          if (random(2) === 0 && packet.length >= 20 && packet.length <= 4096) {
            packet.writeUInt16BE(packet.length, 2)
            resignRequest(packet, SECRET)
          }
          socket.send(packet, service === 'auth' ? auth().port : acct().port, V4)
        }
        await eventually(() => metrics.received - receivedBefore >= sent - 50, 2000)
      }
    } finally {
      socket.close()
    }
    assert.equal(sent, total)
    await eventually(() => metrics.inFlight === 0)
    // Nearly all arrived (loopback may still drop a few under load), none broke the server.
    assert.isAbove(metrics.received - receivedBefore, total * 0.99)
    assert.equal(metrics.internalErrors, 0)
    assert.equal(metrics.authErrors, 0)
    assert.isAbove(metrics.dropped.E_RADIUS_MALFORMED, 10_000)
    assert.isAbove(metrics.accessRequests + metrics.accountingRequests, 1_000)
    assert.equal(replyCode(await ask(auth(), valid())), RadiusCode.AccessAccept)
  }).timeout(120_000)
})
