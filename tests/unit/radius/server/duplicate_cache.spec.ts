import { test } from '@japa/runner'
import { DuplicateCache } from '#radius/server/duplicate_cache'

const A = Buffer.alloc(16, 1)
const B = Buffer.alloc(16, 2)

/** A reply of `length` bytes that tells which request it answers. */
function replyFor(n: number, length = 20 + (n % 60)): Buffer {
  const reply = Buffer.alloc(length, n % 251)
  reply.writeUInt32BE(n, 0)
  return reply
}

test.group('DuplicateCache (RFC 5080 §2.2.2)', () => {
  test('a retransmission finds the entry, in flight and then with its reply', ({ assert }) => {
    const cache = new DuplicateCache(1000)
    const first = cache.enter('10.0.0.1', 4000, 7, A, 0)
    assert.equal(cache.hits(first), 0)
    assert.strictEqual(cache.enter('10.0.0.1', 4000, 7, A, 10), first)
    assert.isNull(cache.reply(first))
    cache.complete(first, Buffer.from('reply'), 20)
    const again = cache.enter('10.0.0.1', 4000, 7, A, 30)
    assert.equal(cache.hits(again), 2)
    assert.equal(cache.reply(again)?.toString(), 'reply')
  })

  test('source address, port, Identifier and authenticator all count', ({ assert }) => {
    const cache = new DuplicateCache(1000)
    cache.complete(cache.enter('10.0.0.1', 4000, 7, A, 0), Buffer.from('r'), 0)
    assert.equal(cache.hits(cache.enter('10.0.0.2', 4000, 7, A, 1)), 0)
    assert.equal(cache.hits(cache.enter('10.0.0.1', 4001, 7, A, 1)), 0)
    assert.equal(cache.hits(cache.enter('10.0.0.1', 4000, 8, A, 1)), 0)
    // A new authenticator under the same Identifier replaces the old request.
    assert.equal(cache.hits(cache.enter('10.0.0.1', 4000, 7, B, 1)), 0)
    assert.equal(cache.hits(cache.enter('10.0.0.1', 4000, 7, A, 2)), 0)
  })

  test('authenticators differing in one word are different requests', ({ assert }) => {
    for (const word of [0, 4, 8, 12]) {
      const other = Buffer.from(A)
      other[word] ^= 0x80
      const cache = new DuplicateCache(1000)
      cache.complete(cache.enter('10.0.0.1', 4000, 7, A, 0), Buffer.from('r'), 0)
      assert.equal(cache.hits(cache.enter('10.0.0.1', 4000, 7, other, 1)), 0, `word at ${word}`)
    }
  })

  test('answers expire after the window; abandoned requests are evaluated again', ({ assert }) => {
    const cache = new DuplicateCache(1000)
    cache.complete(cache.enter('10.0.0.1', 4000, 7, A, 0), Buffer.from('r'), 0)
    assert.equal(cache.hits(cache.enter('10.0.0.1', 4000, 7, A, 999)), 1)
    assert.equal(cache.hits(cache.enter('10.0.0.1', 4000, 7, A, 1001)), 0)
    const failed = cache.enter('10.0.0.1', 4000, 9, A, 0)
    cache.abandon(failed)
    assert.equal(cache.hits(cache.enter('10.0.0.1', 4000, 9, A, 1)), 0)
  })

  test('memory is bounded: the oldest answers go first', ({ assert }) => {
    const cache = new DuplicateCache(60_000, 100)
    for (let id = 0; id < 150; id++) {
      cache.complete(cache.enter('10.0.0.1', 4000 + id, 1, A, id), Buffer.from('r'), id)
    }
    assert.equal(cache.hits(cache.enter('10.0.0.1', 4000, 1, A, 200)), 0)
    assert.equal(cache.hits(cache.enter('10.0.0.1', 4149, 1, A, 200)), 1)
  })

  test('a request replaced while in flight does not answer for its successor', ({ assert }) => {
    const cache = new DuplicateCache(1000)
    const old = cache.enter('10.0.0.1', 4000, 7, A, 0)
    const successor = cache.enter('10.0.0.1', 4000, 7, B, 1)
    cache.complete(old, Buffer.from('old'), 2)
    // The successor is still in flight: its retransmission gets nothing yet.
    assert.strictEqual(cache.enter('10.0.0.1', 4000, 7, B, 3), successor)
    assert.isNull(cache.reply(successor))
    cache.complete(successor, Buffer.from('new'), 4)
    assert.equal(cache.reply(cache.enter('10.0.0.1', 4000, 7, B, 5))?.toString(), 'new')
    // Slots are reused: many more requests never disturb the answer kept for B.
    for (let n = 0; n < 5000; n++) {
      const slot = cache.enter('10.0.0.2', 1000 + (n % 3000), n % 256, A, 6)
      if (n % 7 === 0) cache.abandon(slot)
      else cache.complete(slot, replyFor(n), 6)
    }
    assert.equal(cache.reply(cache.enter('10.0.0.1', 4000, 7, B, 7))?.toString(), 'new')
  })

  test('replies survive across blocks, and blocks are reused, byte for byte', ({ assert }) => {
    const cache = new DuplicateCache(100)
    // 40,000 answers over 4 s: replies fill blocks; blocks are freed and reused as answers expire.
    for (let n = 0; n < 40_000; n++) {
      const now = n / 10
      const port = 1024 + (n % 20_000)
      const identifier = Math.floor(n / 20_000)
      const slot = cache.enter('10.0.0.3', port, identifier, A, now)
      assert.equal(cache.hits(slot), 0)
      cache.complete(slot, replyFor(n, n % 97 === 0 ? 4000 : undefined), now)
      // Every answer still inside the window comes back unchanged.
      if (n % 1000 === 999) {
        for (let back = n; back > n - 900; back -= 37) {
          const again = cache.enter(
            '10.0.0.3',
            1024 + (back % 20_000),
            Math.floor(back / 20_000),
            A,
            now
          )
          assert.deepEqual(cache.reply(again), replyFor(back, back % 97 === 0 ? 4000 : undefined))
        }
      }
    }
  })
})
