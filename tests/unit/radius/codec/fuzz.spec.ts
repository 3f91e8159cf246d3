/*
 * Decoder fuzzing: mutated packets must either decode or fail with RadiusCodecError, never with
 * anything else. Seeded, so a failure reproduces.
 */
import { test } from '@japa/runner'
import {
  decodeRequest,
  decodeResponse,
  encodeRequest,
  encodeResponse,
  RadiusCode,
  RadiusCodecError,
} from '#radius/codec/index'
import { FIXTURE_SECRET as secret, fixtures } from '../fixtures.js'
import { resignRequest } from '../helpers.js'

const SEED = 0x5eed2026

/** mulberry32: a tiny seeded PRNG returning integers in [0, n). */
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

/** Attribute start offsets of a packet, as far as its framing can be followed. */
function attributeOffsets(packet: Buffer): number[] {
  const offsets = []
  for (
    let offset = 20;
    offset + 1 < packet.length && packet[offset + 1] >= 2;
    offset += packet[offset + 1]
  ) {
    offsets.push(offset)
  }
  return offsets
}

function mutate(original: Buffer, random: (n: number) => number): Buffer {
  let packet = Buffer.from(original)
  const rounds = 1 + random(4)
  for (let round = 0; round < rounds && packet.length > 0; round++) {
    const at = random(packet.length)
    switch (random(8)) {
      case 0:
        packet[at] ^= 1 << random(8)
        break
      case 1:
        packet[at] = random(256)
        break
      case 2:
        packet[at] = [0x00, 0x01, 0x02, 0x12, 0xff][random(5)]
        break
      case 3:
        packet = packet.subarray(0, random(packet.length + 1))
        break
      case 4:
        packet = Buffer.concat([
          packet,
          Buffer.from(Array.from({ length: 1 + random(40) }, () => random(256))),
        ])
        break
      case 5:
        if (packet.length >= 4) packet.writeUInt16BE(random(packet.length + 16), 2)
        break
      case 6: {
        const offsets = attributeOffsets(packet)
        if (offsets.length > 0) packet[offsets[random(offsets.length)] + 1] = random(256)
        break
      }
      default: {
        const slice = packet.subarray(at, at + random(12))
        packet = Buffer.concat([packet.subarray(0, at), slice, packet.subarray(at)])
      }
    }
  }
  return packet
}

/** Half the time, repair Length and the integrity checks so attribute parsing is reached. */
function maybeRepair(packet: Buffer, random: (n: number) => number): void {
  if (packet.length < 20 || packet.length > 4096 || random(2) === 0) return
  packet.writeUInt16BE(packet.length, 2)
  resignRequest(packet, secret)
}

const corpus: Buffer[] = [
  ...Object.values(fixtures),
  encodeRequest({
    code: RadiusCode.AccessRequest,
    identifier: 1,
    secret,
    messageAuthenticator: false,
    attributes: [
      ['User-Name', 'user@example'],
      ['User-Password', 'a long password of thirty-two b'],
      ['NAS-Port', 15728640],
      ['Tunnel-Type', 1, 'PPTP'],
      ['Tunnel-Server-Endpoint', 2, '10.0.0.1'],
      [
        'Vendor-Specific',
        'Mikrotik',
        [
          ['Mikrotik-Realm', 'r'],
          ['Mikrotik-Host-IP', '1.2.3.4'],
        ],
      ],
    ],
  }),
  encodeRequest({
    code: RadiusCode.AccountingRequest,
    identifier: 2,
    secret,
    attributes: [
      ['Acct-Status-Type', 'Stop'],
      ['Event-Timestamp', new Date(1_700_000_000_000)],
      ['Acct-Output-Octets', 4_000_000_000],
      ['Acct-Output-Gigawords', 3],
      ['Framed-IP-Address', '10.9.8.7'],
    ],
  }),
]

test.group('codec / fuzz', () => {
  test('100,000 mutated requests: decoded or RadiusCodecError', ({ assert }) => {
    const random = prng(SEED)
    const untyped: string[] = []
    const outcomes = new Map<string, number>()
    for (let i = 0; i < 100_000; i++) {
      const packet = mutate(corpus[random(corpus.length)], random)
      maybeRepair(packet, random)
      let outcome = 'decoded'
      try {
        decodeRequest(packet, secret, { requireMessageAuthenticator: random(4) === 0 })
      } catch (error) {
        if (!(error instanceof RadiusCodecError))
          untyped.push(`#${i} ${packet.toString('hex')}: ${String(error)}`)
        outcome = error instanceof RadiusCodecError ? error.code : 'untyped'
      }
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1)
    }
    assert.deepEqual(untyped.slice(0, 5), [])
    // The corpus and the repair step must reach both the checks and the attribute parser.
    assert.isAbove(outcomes.get('decoded') ?? 0, 10_000)
    for (const code of [
      'E_RADIUS_MALFORMED',
      'E_RADIUS_BAD_AUTHENTICATOR',
      'E_RADIUS_BAD_MESSAGE_AUTHENTICATOR',
    ]) {
      assert.isAbove(outcomes.get(code) ?? 0, 1_000, code)
    }
  }).timeout(120_000)

  test('20,000 mutated CoA replies: decoded or RadiusCodecError', ({ assert }) => {
    const random = prng(SEED + 1)
    const request = encodeRequest({
      code: RadiusCode.CoaRequest,
      identifier: 5,
      secret,
      messageAuthenticator: true,
      attributes: [['User-Name', 'bob']],
    })
    const reply = encodeResponse(decodeRequest(request, secret), {
      code: RadiusCode.CoaNak,
      secret,
      attributes: [
        ['Error-Cause', 503],
        ['Reply-Message', 'session not found'],
      ],
    })
    const untyped: string[] = []
    for (let i = 0; i < 20_000; i++) {
      const packet = mutate(reply, random)
      try {
        decodeResponse(packet, request, secret)
      } catch (error) {
        if (!(error instanceof RadiusCodecError))
          untyped.push(`#${i} ${packet.toString('hex')}: ${String(error)}`)
      }
    }
    assert.deepEqual(untyped.slice(0, 5), [])
  }).timeout(60_000)
})
