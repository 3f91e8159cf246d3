/*
 * Shared secrets as the hashing code takes them.
 */
import { createSecretKey, type KeyObject } from 'node:crypto'

/**
 * A RADIUS shared secret: a string (hashed as UTF-8) or raw bytes.
 */
export type RadiusSecret = string | Buffer

// Node 24's createHmac is several times slower with a Buffer key than with a string or a
// KeyObject, so Buffer secrets are turned into KeyObjects once.
const keyObjects = new WeakMap<Buffer, KeyObject>()

/**
 * The secret in the form `createHmac` handles fastest.
 */
export function hmacKey(secret: RadiusSecret): string | KeyObject {
  if (typeof secret === 'string') return secret
  let key = keyObjects.get(secret)
  if (!key) {
    key = createSecretKey(secret)
    keyObjects.set(secret, key)
  }
  return key
}
