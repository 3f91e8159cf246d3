/*
 * Single-block DES as MS-CHAP uses it (RFC 2759 §8.6, RFC 2433 §A.x): a 7-byte key expanded to
 * 8 bytes. OpenSSL 3's default provider has no single DES, so we run two-key triple DES with the
 * same key twice: E(k) D(k) E(k) equals E(k).
 */
import { createCipheriv } from 'node:crypto'

/**
 * Spreads 56 key bits over 8 bytes, leaving the (ignored) parity bit of each byte clear.
 */
export function expandDesKey(key7: Uint8Array): Buffer {
  const k = Buffer.allocUnsafe(8)
  k[0] = key7[0] & 0xfe
  k[1] = ((key7[0] << 7) | (key7[1] >> 1)) & 0xfe
  k[2] = ((key7[1] << 6) | (key7[2] >> 2)) & 0xfe
  k[3] = ((key7[2] << 5) | (key7[3] >> 3)) & 0xfe
  k[4] = ((key7[3] << 4) | (key7[4] >> 4)) & 0xfe
  k[5] = ((key7[4] << 3) | (key7[5] >> 5)) & 0xfe
  k[6] = ((key7[5] << 2) | (key7[6] >> 6)) & 0xfe
  k[7] = (key7[6] << 1) & 0xfe
  return k
}

/**
 * DesEncrypt(Clear, Key) of RFC 2759 §8.6: encrypts one 8-byte block with a 7-byte key.
 */
export function desEncrypt(clear: Uint8Array, key7: Uint8Array): Buffer {
  const key8 = expandDesKey(key7)
  const cipher = createCipheriv('des-ede-ecb', Buffer.concat([key8, key8]), null)
  cipher.setAutoPadding(false)
  return cipher.update(clear)
}
