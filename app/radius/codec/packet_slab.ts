/*
 * Encoded packets are copied into slabs of their own rather than Node's shared 8 KB buffer
 * pool. A reply is kept for the duplicate-detection window (server/duplicate_cache.ts); from
 * the shared pool, each kept reply held a slab full of other, dead allocations alive (11 MB
 * of a loaded server's heap, bench/radius/README.md). Replies expire in the order they were
 * made, so a slab is freed once its last reply is.
 */
const SLAB_SIZE = 64 * 1024
// Larger packets (up to 4 KB, rare) get a buffer of their own.
const LARGEST_IN_SLAB = 1024

let slab = Buffer.allocUnsafeSlow(SLAB_SIZE)
let used = 0

/** A copy of `bytes` that holds no memory but its own (and its slab's). */
export function copyPacket(bytes: Uint8Array): Buffer {
  const length = bytes.length
  if (length > LARGEST_IN_SLAB) {
    const own = Buffer.allocUnsafeSlow(length)
    own.set(bytes)
    return own
  }
  if (used + length > SLAB_SIZE) {
    slab = Buffer.allocUnsafeSlow(SLAB_SIZE)
    used = 0
  }
  const copy = slab.subarray(used, used + length)
  copy.set(bytes)
  used += length
  return copy
}
