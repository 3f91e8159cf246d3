/*
 * The User-Password hiding of RFC 2865 §5.2, also used for MS-CHAP-MPPE-Keys (RFC 2548 §2.4.1):
 * c(1) = p(1) xor MD5(S + RA), c(i) = p(i) xor MD5(S + c(i-1)), 16-byte blocks.
 */
import { Md5 } from './md5.js'
import { secretBytes, type RadiusSecret } from './secret.js'

const hash = new Md5()
const pad = new Uint8Array(16)

/** MD5(S + `chain`) into `pad`. */
function nextPad(secret: Buffer, chain: Uint8Array): void {
  hash.reset().update(secret).update(chain).digestInto(pad)
}

/**
 * Hides `plain` (NUL-padded to a multiple of 16 bytes) with the request authenticator.
 * RFC 2865 §5.2 caps User-Password at 128 bytes; the caller enforces that.
 */
export function hideUserPassword(
  plain: Uint8Array,
  secret: RadiusSecret,
  authenticator: Uint8Array
): Buffer {
  const key = secretBytes(secret)
  const out = Buffer.alloc(Math.max(16, Math.ceil(plain.length / 16) * 16))
  out.set(plain)
  let chain: Uint8Array = authenticator
  for (let offset = 0; offset < out.length; offset += 16) {
    nextPad(key, chain)
    for (let i = 0; i < 16; i++) out[offset + i] ^= pad[i]
    chain = out.subarray(offset, offset + 16)
  }
  return out
}

/**
 * Reveals a hidden User-Password (length already checked to be 16..128, a multiple of 16) and
 * strips the trailing NUL padding.
 */
export function revealUserPassword(
  hidden: Uint8Array,
  secret: RadiusSecret,
  authenticator: Uint8Array
): Buffer {
  const key = secretBytes(secret)
  const out = Buffer.allocUnsafe(hidden.length)
  let chain = authenticator
  for (let offset = 0; offset < hidden.length; offset += 16) {
    nextPad(key, chain)
    for (let i = 0; i < 16; i++) out[offset + i] = hidden[offset + i] ^ pad[i]
    chain = hidden.subarray(offset, offset + 16)
  }
  let end = out.length
  while (end > 0 && out[end - 1] === 0) end--
  return out.subarray(0, end)
}
