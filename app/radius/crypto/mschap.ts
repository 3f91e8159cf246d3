/*
 * MS-CHAP primitives: RFC 2433 (v1) and RFC 2759 (v2) with the key material of RFC 3079.
 * All inputs and outputs are raw bytes; the password is the user's cleartext.
 */
import { createHash } from 'node:crypto'
import { desEncrypt } from './des.js'
import { md4 } from './md4.js'

// RFC 2759 §8.7 magic constants for GenerateAuthenticatorResponse.
const AUTH_MAGIC1 = Buffer.from('Magic server to client signing constant', 'ascii')
const AUTH_MAGIC2 = Buffer.from('Pad to make it do more than one iteration', 'ascii')
// RFC 2433 §A.3 (LmPasswordHash): the constant every LM half-hash encrypts.
const LM_MAGIC = Buffer.from('KGS!@#$%', 'ascii')

function sha1(...parts: Uint8Array[]): Buffer {
  const hash = createHash('sha1')
  for (const part of parts) hash.update(part)
  return hash.digest()
}

/**
 * NtPasswordHash (RFC 2759 §8.3): MD4 of the UTF-16LE password.
 */
export function ntPasswordHash(password: string): Buffer {
  return md4(Buffer.from(password, 'utf16le'))
}

/**
 * HashNtPasswordHash (RFC 2759 §8.4): MD4 of the NT password hash.
 */
export function hashNtPasswordHash(passwordHash: Uint8Array): Buffer {
  return md4(passwordHash)
}

/**
 * LmPasswordHash (RFC 2433 §A.2), or undefined when the password cannot have one
 * (longer than 14 characters or not ASCII, where Windows sends no LM hash either).
 */
export function lmPasswordHash(password: string): Buffer | undefined {
  if (password.length > 14 || !/^[\x20-\x7e]*$/.test(password)) return undefined
  const key = Buffer.alloc(14)
  key.write(password.toUpperCase(), 'ascii')
  return Buffer.concat([
    desEncrypt(LM_MAGIC, key.subarray(0, 7)),
    desEncrypt(LM_MAGIC, key.subarray(7, 14)),
  ])
}

/**
 * ChallengeResponse (RFC 2759 §8.5): the 24-byte response to an 8-byte challenge.
 */
export function challengeResponse(challenge: Uint8Array, passwordHash: Uint8Array): Buffer {
  const zPasswordHash = Buffer.alloc(21)
  zPasswordHash.set(passwordHash)
  return Buffer.concat([
    desEncrypt(challenge, zPasswordHash.subarray(0, 7)),
    desEncrypt(challenge, zPasswordHash.subarray(7, 14)),
    desEncrypt(challenge, zPasswordHash.subarray(14, 21)),
  ])
}

/**
 * ChallengeHash (RFC 2759 §8.2): the 8-byte challenge MS-CHAPv2 actually answers.
 * `userName` is the name without any `DOMAIN\` prefix.
 */
export function challengeHash(
  peerChallenge: Uint8Array,
  authenticatorChallenge: Uint8Array,
  userName: Uint8Array
): Buffer {
  return sha1(peerChallenge, authenticatorChallenge, userName).subarray(0, 8)
}

/**
 * GenerateNTResponse (RFC 2759 §8.1) from the NT password hash.
 */
export function generateNtResponse(
  authenticatorChallenge: Uint8Array,
  peerChallenge: Uint8Array,
  userName: Uint8Array,
  passwordHash: Uint8Array
): Buffer {
  return challengeResponse(
    challengeHash(peerChallenge, authenticatorChallenge, userName),
    passwordHash
  )
}

/**
 * GenerateAuthenticatorResponse (RFC 2759 §8.7): the 42-character "S=<40 hex>" string.
 */
export function generateAuthenticatorResponse(
  passwordHash: Uint8Array,
  ntResponse: Uint8Array,
  peerChallenge: Uint8Array,
  authenticatorChallenge: Uint8Array,
  userName: Uint8Array
): string {
  const digest = sha1(hashNtPasswordHash(passwordHash), ntResponse, AUTH_MAGIC1)
  const challenge = challengeHash(peerChallenge, authenticatorChallenge, userName)
  return 'S=' + sha1(digest, challenge, AUTH_MAGIC2).toString('hex').toUpperCase()
}
