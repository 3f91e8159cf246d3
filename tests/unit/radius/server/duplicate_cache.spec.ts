import { test } from '@japa/runner'
import { DuplicateCache } from '#radius/server/duplicate_cache'

const A = Buffer.alloc(16, 1)
const B = Buffer.alloc(16, 2)

test.group('DuplicateCache (RFC 5080 §2.2.2)', () => {
  test('a retransmission finds the entry, in flight and then with its reply', ({ assert }) => {
    const cache = new DuplicateCache(1000)
    const first = cache.enter('10.0.0.1', 4000, 7, A, 0)
    assert.equal(first.hits, 0)
    assert.strictEqual(cache.enter('10.0.0.1', 4000, 7, A, 10), first)
    assert.isNull(first.reply)
    cache.complete(first, Buffer.from('reply'), 20)
    const again = cache.enter('10.0.0.1', 4000, 7, A, 30)
    assert.equal(again.hits, 2)
    assert.equal(again.reply?.toString(), 'reply')
  })

  test('source address, port, Identifier and authenticator all count', ({ assert }) => {
    const cache = new DuplicateCache(1000)
    cache.complete(cache.enter('10.0.0.1', 4000, 7, A, 0), Buffer.from('r'), 0)
    assert.equal(cache.enter('10.0.0.2', 4000, 7, A, 1).hits, 0)
    assert.equal(cache.enter('10.0.0.1', 4001, 7, A, 1).hits, 0)
    assert.equal(cache.enter('10.0.0.1', 4000, 8, A, 1).hits, 0)
    // A new authenticator under the same Identifier replaces the old request.
    assert.equal(cache.enter('10.0.0.1', 4000, 7, B, 1).hits, 0)
    assert.equal(cache.enter('10.0.0.1', 4000, 7, A, 2).hits, 0)
  })

  test('answers expire after the window; abandoned requests are evaluated again', ({ assert }) => {
    const cache = new DuplicateCache(1000)
    cache.complete(cache.enter('10.0.0.1', 4000, 7, A, 0), Buffer.from('r'), 0)
    assert.equal(cache.enter('10.0.0.1', 4000, 7, A, 999).hits, 1)
    assert.equal(cache.enter('10.0.0.1', 4000, 7, A, 1001).hits, 0)
    const failed = cache.enter('10.0.0.1', 4000, 9, A, 0)
    cache.abandon(failed)
    assert.equal(cache.enter('10.0.0.1', 4000, 9, A, 1).hits, 0)
  })

  test('memory is bounded: the oldest answers go first', ({ assert }) => {
    const cache = new DuplicateCache(60_000, 100)
    for (let id = 0; id < 150; id++) {
      cache.complete(cache.enter('10.0.0.1', 4000 + id, 1, A, id), Buffer.from('r'), id)
    }
    assert.equal(cache.enter('10.0.0.1', 4000, 1, A, 200).hits, 0)
    assert.equal(cache.enter('10.0.0.1', 4149, 1, A, 200).hits, 1)
  })
})
