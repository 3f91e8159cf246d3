/*
 * Shared secrets as the hashing code takes them.
 */

/**
 * A RADIUS shared secret: a string (hashed as UTF-8) or raw bytes.
 */
export type RadiusSecret = string | Buffer

// NAS secrets arrive as strings: their UTF-8 bytes are kept so that a packet does not encode
// them again, and so that the HMAC key pads cached per Buffer (md5.ts `hmacMd5Key`) are found
// again. Bounded by dropping the oldest entry; a dropped Buffer takes its pads with it.
const MAX_CACHED_SECRETS = 4096
const secretBuffers = new Map<string, Buffer>()

/**
 * The bytes of the secret, the same Buffer on every call for the same secret (Buffers are
 * returned as they are and must not be changed once used).
 */
export function secretBytes(secret: RadiusSecret): Buffer {
  if (typeof secret !== 'string') return secret
  let bytes = secretBuffers.get(secret)
  if (bytes === undefined) {
    if (secretBuffers.size >= MAX_CACHED_SECRETS) {
      secretBuffers.delete(secretBuffers.keys().next().value as string)
    }
    bytes = Buffer.from(secret, 'utf8')
    secretBuffers.set(secret, bytes)
  }
  return bytes
}
