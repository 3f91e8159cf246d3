import { createSocket } from 'node:dgram'
import { test } from '@japa/runner'
import { GroupCommit } from '#radius/sql/group_commit'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

test.group('GroupCommit', () => {
  test('writes the rows of one event-loop turn together, and those arriving meanwhile next', async ({
    assert,
  }) => {
    const writes: number[][] = []
    const commit = new GroupCommit<number>(async (_key, rows) => {
      writes.push(rows)
      await new Promise((resolve) => setTimeout(resolve, 20))
    })
    const first = [1, 2].map((row) => commit.submit('a', row))
    await new Promise((resolve) => setImmediate(resolve))
    assert.deepEqual(writes, [[1, 2]], 'one write, started without a timer')
    const later = [3, 4].map((row) => commit.submit('a', row))
    await Promise.all([...first, ...later])
    assert.deepEqual(writes, [
      [1, 2],
      [3, 4],
    ])
  })

  test('the rows of datagrams read in one turn share a write', async ({ assert }) => {
    const writes: number[][] = []
    const commit = new GroupCommit<number>(async (_key, rows) => {
      writes.push(rows)
    })
    const socket = createSocket('udp4')
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve))
    const submitted: Promise<void>[] = []
    const received = new Promise<void>((resolve) =>
      socket.on('message', (message) => {
        submitted.push(commit.submit('a', message[0]))
        if (submitted.length === 3) resolve()
      })
    )
    // All three are in the socket's buffer before the loop polls it: one turn reads them.
    for (const row of [1, 2, 3]) socket.send(Buffer.from([row]), socket.address().port, '127.0.0.1')
    await received
    await Promise.all(submitted)
    socket.close()
    assert.deepEqual(writes, [[1, 2, 3]])
  })

  test('keys are written independently; batches are capped', async ({ assert }) => {
    const writes: string[] = []
    const commit = new GroupCommit<number>(
      async (key, rows) => {
        writes.push(`${key}:${rows.join(',')}`)
      },
      { maxBatch: 2 }
    )
    await Promise.all([
      commit.submit('a', 1),
      commit.submit('b', 9),
      commit.submit('a', 2),
      commit.submit('a', 3),
      commit.submit('a', 4),
    ])
    assert.sameMembers(writes, ['a:1,2', 'b:9', 'a:3,4'])
  })

  test('a failing batch is retried row by row: only the bad row is rejected', async ({
    assert,
  }) => {
    let calls = 0
    const commit = new GroupCommit<number>(async (_key, rows) => {
      calls++
      await new Promise((resolve) => setTimeout(resolve, 1))
      if (rows.includes(13)) throw new Error('bad row')
    })
    const results = await Promise.allSettled([10, 11, 13, 12].map((row) => commit.submit('a', row)))
    assert.deepEqual(
      results.map((result) => result.status),
      ['fulfilled', 'fulfilled', 'rejected', 'fulfilled']
    )
    // [10, 11, 13, 12] failed and was retried as [10], [11], [13], [12].
    assert.equal(calls, 5)
    assert.deepEqual(commit.counters, { batches: 5, retriedAlone: 4 })
  })

  test('a database that is down rejects every row', async ({ assert }) => {
    const commit = new GroupCommit<number>(async () => {
      throw new Error('connection refused')
    })
    const results = await Promise.allSettled([1, 2, 3].map((row) => commit.submit('a', row)))
    assert.isTrue(results.every((result) => result.status === 'rejected'))
  })

  test('with a linger, the first row waits for the rows of the next milliseconds', async ({
    assert,
  }) => {
    const writes: number[][] = []
    const commit = new GroupCommit<number>(
      async (_key, rows) => {
        writes.push(rows)
      },
      { lingerMs: 30 }
    )
    const first = commit.submit('a', 1)
    await new Promise((resolve) => setTimeout(resolve, 10))
    const second = commit.submit('a', 2)
    assert.deepEqual(writes, [], 'nothing written while lingering')
    await commit.settled()
    await Promise.all([first, second])
    assert.deepEqual(writes, [[1, 2]])
  })

  test('a whole batch is written without waiting out the linger', async ({ assert }) => {
    const writes: number[][] = []
    const commit = new GroupCommit<number>(
      async (_key, rows) => {
        writes.push(rows)
      },
      { lingerMs: 60_000, maxBatch: 3 }
    )
    const submitted = [1, 2, 3, 4].map((row) => commit.submit('a', row))
    await Promise.race([Promise.all(submitted), sleep(1000)])
    assert.deepEqual(writes, [[1, 2, 3], [4]], 'the full batch at once, then the rest')
    const other = commit.submit('b', 5)
    await sleep(20)
    assert.lengthOf(writes, 2, 'a key with less than a batch lingers')
    await Promise.race([commit.settled(), sleep(1000)])
    assert.deepEqual(writes, [[1, 2, 3], [4], [5]], 'settled ends the linger')
    await other
  })

  test('a lookup gives each row its own result, also when its batch is retried row by row', async ({
    assert,
  }) => {
    const statements: string[][] = []
    const lookup = new GroupCommit<string, string>(
      async (_key, ids) => {
        statements.push(ids)
        if (ids.includes('bad')) throw new Error('bad id')
        return ids.map((id) => id.toUpperCase())
      },
      { lingerMs: 5 }
    )
    const results = await Promise.allSettled(
      ['a', 'b', 'bad', 'c'].map((id) => lookup.submit('t', id))
    )
    assert.deepEqual(
      results.map((result) => (result.status === 'fulfilled' ? result.value : 'rejected')),
      ['A', 'B', 'rejected', 'C']
    )
    assert.deepEqual(statements, [['a', 'b', 'bad', 'c'], ['a'], ['b'], ['bad'], ['c']])
  })

  test('added rows share batches with submitted ones; only a bad one reaches onError', async ({
    assert,
  }) => {
    const statements: number[][] = []
    const failed: number[] = []
    const commit = new GroupCommit<number>(
      async (_key, rows) => {
        statements.push(rows)
        if (rows.includes(13)) throw new Error('bad row')
      },
      { lingerMs: 5, onError: (_error, row) => failed.push(row) }
    )
    commit.add('a', 10)
    const submitted = commit.submit('a', 11)
    commit.add('a', 13)
    commit.add('a', 12)
    await commit.settled()
    await submitted
    assert.deepEqual(failed, [13])
    assert.deepEqual(statements, [[10, 11, 13, 12], [10], [11], [13], [12]])
    // Without onError a failure would go unheard: adding is refused.
    assert.throws(() => new GroupCommit<number>(async () => {}).add('a', 1), /onError/)
  })
})
