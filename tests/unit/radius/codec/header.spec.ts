import { test } from '@japa/runner'
import { peekHeader } from '#radius/codec/index'
import { assertCodecError } from '../helpers.js'
import { fixtures } from '../fixtures.js'

test.group('codec / peekHeader', () => {
  test('reads code, identifier, length and a view of the authenticator', ({ assert }) => {
    const packet = fixtures.papWithMessageAuthenticator
    const header = peekHeader(packet)
    assert.equal(header.code, 1)
    assert.equal(header.identifier, 0x27)
    assert.equal(header.length, 61)
    assert.equal(header.authenticator.toString('hex'), '8c29a03820a2125c711fcb15dc47d9b1')
    assert.strictEqual(header.authenticator.buffer, packet.buffer)
  })

  test('trailing bytes beyond Length are padding (RFC 2865 §3)', ({ assert }) => {
    const padded = Buffer.concat([fixtures.statusServer, Buffer.alloc(10, 0xee)])
    assert.equal(peekHeader(padded).length, fixtures.statusServer.length)
  })

  test('shorter than the header', ({ assert }) => {
    assertCodecError(
      assert,
      () => peekHeader(fixtures.statusServer.subarray(0, 19)),
      'E_RADIUS_MALFORMED'
    )
  })

  test('Length field larger than the datagram (truncated packet)', ({ assert }) => {
    assertCodecError(
      assert,
      () => peekHeader(fixtures.statusServer.subarray(0, 30)),
      'E_RADIUS_MALFORMED'
    )
  })

  test('Length field below 20 or above 4096', ({ assert }) => {
    for (const length of [0, 19, 4097, 65535]) {
      const packet = Buffer.alloc(4096)
      packet.writeUInt16BE(length, 2)
      assertCodecError(assert, () => peekHeader(packet), 'E_RADIUS_MALFORMED')
    }
  })

  test('oversized datagram', ({ assert }) => {
    const packet = Buffer.alloc(4097)
    packet.writeUInt16BE(20, 2)
    assertCodecError(assert, () => peekHeader(packet), 'E_RADIUS_MALFORMED')
  })
})
