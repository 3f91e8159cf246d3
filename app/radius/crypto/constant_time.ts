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

/**
 * Constant-time equality of variable-length secrets such as passwords: both sides are hashed
 * first, so neither the content nor the length of the stored one leaks.
 */
export function secretEqual(a: Uint8Array, b: Uint8Array): boolean {
  const left = createHash('sha256').update(a).digest()
  const right = createHash('sha256').update(b).digest()
  return timingSafeEqual(left, right)
}
