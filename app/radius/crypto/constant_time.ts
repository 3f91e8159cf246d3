/*
 * Comparisons that do not leak through timing where the secret is.
 */
import { createHash, timingSafeEqual } from 'node:crypto'

/**
 * Constant-time equality of two same-purpose fixed-length values (a different length is
 * simply unequal: the lengths here are public protocol constants).
 */
export function fixedLengthEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b)
}

// RADIUS passwords are at most 128 bytes (RFC 2865 §5.2). Zero between calls.
const SCRATCH_LENGTH = 128
const leftScratch = Buffer.alloc(SCRATCH_LENGTH)
const rightScratch = Buffer.alloc(SCRATCH_LENGTH)

/**
 * Constant-time equality of variable-length secrets such as passwords, so that neither the
 * content nor the length of the stored one leaks: both are zero-padded to the same fixed size
 * and compared whole, and the lengths are compared apart without an early return (copying a
 * few more bytes costs nanoseconds, as hashing one more block did). Values longer than the
 * scratch are hashed instead: that branch only tells that one is longer than any RADIUS
 * password can be.
 */
export function secretEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length > SCRATCH_LENGTH || b.length > SCRATCH_LENGTH) return digestsEqual(a, b)
  leftScratch.set(a)
  rightScratch.set(b)
  const sameBytes = timingSafeEqual(leftScratch, rightScratch)
  // Zeroed for the next call, and so that no password stays behind in them.
  leftScratch.fill(0)
  rightScratch.fill(0)
  const sameLength = a.length === b.length
  return sameBytes && sameLength
}

function digestsEqual(a: Uint8Array, b: Uint8Array): boolean {
  const left = createHash('sha256').update(a).digest()
  const right = createHash('sha256').update(b).digest()
  return timingSafeEqual(left, right)
}
