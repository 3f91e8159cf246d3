/*
 * Test helpers that recompute RADIUS integrity checks with Node's crypto directly, independent
 * of the codec under test.
 */
import { createHash, createHmac } from 'node:crypto'
import type { Assert } from '@japa/assert'
import { RadiusCodecError, type OutgoingAttribute, type RadiusErrorCode } from '#radius/codec/index'

/** Asserts that `fn` throws a RadiusCodecError with `code`. */
export function assertCodecError(assert: Assert, fn: () => unknown, code: RadiusErrorCode): void {
  try {
    fn()
  } catch (error) {
    assert.instanceOf(error, RadiusCodecError)
    assert.equal((error as RadiusCodecError).code, code)
    return
  }
  assert.fail(`expected ${code}, nothing was thrown`)
}

/** Offset of the Message-Authenticator value, or -1; undefined when the framing is broken. */
export function findMessageAuthenticator(packet: Buffer): number | undefined {
  const length = packet.readUInt16BE(2)
  let offset = 20
  let found = -1
  while (offset < length) {
    const attributeLength = packet[offset + 1]
    if (offset + 2 > length || attributeLength < 2 || offset + attributeLength > length)
      return undefined
    if (packet[offset] === 80 && attributeLength === 18) found = offset + 2
    offset += attributeLength
  }
  return found
}

/** HMAC-MD5 over a copy of `packet` with `vector` as authenticator and the MA value zeroed. */
export function handMessageAuthenticator(packet: Buffer, vector: Buffer, secret: string): Buffer {
  const copy = Buffer.from(packet.subarray(0, packet.readUInt16BE(2)))
  vector.copy(copy, 4)
  const offset = findMessageAuthenticator(copy)!
  copy.fill(0, offset, offset + 16)
  return createHmac('md5', secret).update(copy).digest()
}

/** MD5(packet with `vector` as authenticator + secret). */
export function handAuthenticator(packet: Buffer, vector: Buffer, secret: string): Buffer {
  const copy = Buffer.from(packet.subarray(0, packet.readUInt16BE(2)))
  vector.copy(copy, 4)
  return createHash('md5').update(copy).update(secret).digest()
}

/**
 * Re-signs a request in place (Message-Authenticator, then for Accounting/CoA/Disconnect the
 * Request Authenticator, RFC 5176 §3.4) so that a mutated packet passes the integrity checks.
 */
export function resignRequest(packet: Buffer, secret: string): void {
  const offset = findMessageAuthenticator(packet)
  const randomVector = packet[0] === 1 || packet[0] === 12
  const vector = randomVector ? Buffer.from(packet.subarray(4, 20)) : Buffer.alloc(16)
  if (offset !== undefined && offset >= 0)
    handMessageAuthenticator(packet, vector, secret).copy(packet, offset)
  if (!randomVector) handAuthenticator(packet, Buffer.alloc(16), secret).copy(packet, 4)
}

/** RFC 2548 §2.4.2 decryption of an MS-MPPE-Send/Recv-Key value (Salt + encrypted key). */
export function decryptSaltedKey(
  value: Buffer,
  requestAuthenticator: Buffer,
  secret: string
): Buffer {
  const plain = Buffer.alloc(value.length - 2)
  let chain: Buffer = Buffer.concat([requestAuthenticator, value.subarray(0, 2)])
  for (let offset = 2; offset < value.length; offset += 16) {
    const pad = createHash('md5').update(secret).update(chain).digest()
    for (let i = 0; i < 16; i++) plain[offset - 2 + i] = value[offset + i] ^ pad[i]
    chain = value.subarray(offset, offset + 16)
  }
  return plain.subarray(1, 1 + plain[0])
}

/** The value of a Microsoft (311) sub-attribute among reply attributes. */
export function microsoftValue(attributes: readonly OutgoingAttribute[], name: string): unknown {
  for (const attribute of attributes) {
    if (attribute[0] === 'Vendor-Specific' && attribute[1] === 311 && Array.isArray(attribute[2])) {
      const [subName, value] = attribute[2][0]
      if (subName === name) return value
    }
  }
  return undefined
}
