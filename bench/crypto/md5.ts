/*
 * Per-packet hashing micro-benchmark: node:crypto (as the codec used it) against the pure-TS
 * MD5/HMAC-MD5 of app/radius/crypto/md5.ts and the scratch-buffer secretEqual. Prints a Markdown
 * table of ns/op (median of the rounds), never asserts. See bench/crypto/README.md.
 * Times are CPU time of the process, so that other work on a shared machine, which takes the CPU
 * away for whole rounds, does not count (its cache and memory-bus effects still do). With
 * --expose-gc the garbage of one variant (node:crypto's objects) is collected before the next
 * is timed, so that each pays only for its own.
 *
 *   node --expose-gc --import @poppinss/ts-exec bench/crypto/md5.ts
 *
 * Settings (environment): BENCH_ROUNDS=9, BENCH_ROUND_MS=40 (CPU time of one round).
 */
import { createHash, createHmac, hash, randomBytes, timingSafeEqual } from 'node:crypto'
import { messageAuthenticator, packetDigest, ZERO_VECTOR } from '#radius/codec/authenticators'
import { secretEqual } from '#radius/crypto/constant_time'
import { HmacMd5, hmacMd5Key, md5 } from '#radius/crypto/md5'
import { secretBytes } from '#radius/crypto/secret'

const SIZES = [20, 150, 300]
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9)
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 40)
// NAS secrets reach the codec as strings: a random one of a typical length, per run.
const nasKey = randomBytes(15).toString('base64url')
// Where a Message-Authenticator attribute starts in the packets built below (first attribute).
const MA_OFFSET = 22

// Takes a byte of every result, so that no call can be optimised away.
let sink = 0

/** A packet of `size` bytes: header, then (when it fits) a Message-Authenticator, then filler. */
function packet(size: number): Buffer {
  const bytes = Buffer.alloc(size, 0x61)
  bytes.writeUInt16BE(size, 2)
  if (size >= MA_OFFSET + 16) bytes.set([80, 18], MA_OFFSET - 2)
  return bytes
}

// The codec before: one node:crypto object per packet, fed the same slices.
function oldPacketDigest(data: Buffer, vector: Buffer): Buffer {
  return createHash('md5')
    .update(data.subarray(0, 4))
    .update(vector)
    .update(data.subarray(20, data.length))
    .update(nasKey)
    .digest()
}

function oldMessageAuthenticator(data: Buffer, vector: Buffer, zeroAt: number): Buffer {
  return createHmac('md5', nasKey)
    .update(data.subarray(0, 4))
    .update(vector)
    .update(data.subarray(20, zeroAt))
    .update(ZERO_VECTOR)
    .update(data.subarray(zeroAt + 16, data.length))
    .digest()
}

function oldSecretEqual(a: Uint8Array, b: Uint8Array): boolean {
  const left = createHash('sha256').update(a).digest()
  const right = createHash('sha256').update(b).digest()
  return timingSafeEqual(left, right)
}

/** CPU time (user + system) of `count` calls of `fn`, in ns. */
function cpuTime(fn: () => number, count: number): number {
  globalThis.gc?.()
  const start = process.cpuUsage()
  for (let i = 0; i < count; i++) sink ^= fn()
  const used = process.cpuUsage(start)
  return (used.user + used.system) * 1000
}

/** Iterations of `fn` that take about ROUND_MS. */
function calibrate(fn: () => number): number {
  let count = 1000
  for (;;) {
    const ms = cpuTime(fn, count) / 1e6
    if (ms > ROUND_MS / 4) return Math.ceil((count * ROUND_MS) / ms)
    count *= 4
  }
}

/** Median ns/op of each variant, their rounds interleaved so that load affects all alike. */
function measure(variants: Array<() => number>): number[] {
  const counts = variants.map(calibrate)
  const samples: number[][] = variants.map(() => [])
  // A warm-up round: until every variant has been through it, V8 re-optimises the timing loop
  // (on other threads, whose CPU time counts).
  variants.forEach((fn, v) => cpuTime(fn, counts[v]))
  for (let round = 0; round < ROUNDS; round++) {
    variants.forEach((fn, v) => samples[v].push(cpuTime(fn, counts[v]) / counts[v]))
  }
  return samples.map((times) => times.sort((a, b) => a - b)[Math.floor(times.length / 2)])
}

function row(name: string, size: number, old: number, next: number, note = ''): void {
  const cells = [name, size, old.toFixed(0), next.toFixed(0), `${(old / next).toFixed(1)}×`, note]
  console.log(`| ${cells.join(' | ')} |`)
}

console.log('| operation | bytes | node:crypto ns/op | new ns/op | speed-up | note |')
console.log('|---|---|---|---|---|---|')
const key = hmacMd5Key(secretBytes(nasKey))
const hmac = new HmacMd5()
const vector = Buffer.alloc(16, 0x42)
for (const size of SIZES) {
  const data = packet(size)

  const [created, oneShot, pure] = measure([
    () => createHash('md5').update(data).digest()[0],
    () => hash('md5', data, 'buffer')[0],
    () => md5(data)[0],
  ])
  row('MD5', size, created, pure, `crypto.hash one-shot: ${oneShot.toFixed(0)} ns`)

  const [oldMac, newMac] = measure([
    () => createHmac('md5', nasKey).update(data).digest()[0],
    () => hmac.start(key).update(data).digest()[0],
  ])
  row('HMAC-MD5', size, oldMac, newMac)

  const [oldDigest, newDigest] = measure([
    () => oldPacketDigest(data, vector)[0],
    () => packetDigest(data, size, vector, nasKey)[0],
  ])
  row('packetDigest (Response Authenticator)', size, oldDigest, newDigest)

  if (size >= MA_OFFSET + 16) {
    const [oldAuthenticator, newAuthenticator] = measure([
      () => oldMessageAuthenticator(data, vector, MA_OFFSET)[0],
      () => messageAuthenticator(data, size, vector, MA_OFFSET, nasKey)[0],
    ])
    row('messageAuthenticator', size, oldAuthenticator, newAuthenticator)
  }

  const offered = Buffer.from(data)
  const [oldEqual, newEqual] = measure([
    () => Number(oldSecretEqual(offered, data)),
    () => Number(secretEqual(offered, data)),
  ])
  row('secretEqual (equal values)', size, oldEqual, newEqual, size > 128 ? 'hashed (> 128)' : '')
}
