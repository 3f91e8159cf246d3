/*
 * Salt-encryption of MS-MPPE-Send-Key / MS-MPPE-Recv-Key (RFC 2548 §2.4.2, the same scheme as
 * Tunnel-Password in RFC 2868 §3.5). The `radius` package only knows User-Password hiding.
 */
import { randomBytes } from 'node:crypto'
import { md5 } from './md5.js'
import { secretBytes, type RadiusSecret } from './secret.js'

/**
 * Encrypts `key` for a reply to the request with `requestAuthenticator`. The attribute value is
 * Salt (2 bytes, high bit set, unique per packet) followed by the encrypted Key-Length + Key.
 */
export function encryptSaltedKey(
  key: Uint8Array,
  secret: RadiusSecret,
  requestAuthenticator: Uint8Array,
  salt: number
): Buffer {
  const plainLength = Math.ceil((1 + key.length) / 16) * 16
  const out = Buffer.alloc(2 + plainLength)
  out.writeUInt16BE((salt | 0x8000) & 0xffff, 0)
  out[2] = key.length
  out.set(key, 3)
  // b(1) = MD5(S + R + A), b(i) = MD5(S + c(i-1)); c(i) = p(i) xor b(i).
  const sharedSecret = secretBytes(secret)
  let pad = md5(sharedSecret, requestAuthenticator, out.subarray(0, 2))
  for (let offset = 2; offset < out.length; offset += 16) {
    for (let i = 0; i < 16; i++) out[offset + i] ^= pad[i]
    pad = md5(sharedSecret, out.subarray(offset, offset + 16))
  }
  return out
}

/**
 * Two distinct salts with the high bit set, for the Send and Recv keys of one reply.
 */
export function saltPair(): [number, number] {
  const salt = randomBytes(2).readUInt16BE(0) | 0x8000
  return [salt, salt ^ 0x0001]
}
