import { EventEmitter } from 'node:events'
import { test } from '@japa/runner'
import { ConnectionLease, type PoolClient } from '#radius/sql/connection_lease'

/** A knex client over a pool of numbered connections that tells what it handed out. */
class FakeClient implements PoolClient {
  readonly pool = Object.assign(new EventEmitter(), { numPendingAcquires: () => this.waiting })
  /** Acquires the pool has not served yet. */
  waiting = 0
  readonly broken = new Set<number>()
  acquired = 0
  released: number[] = []
  #next = 1

  async acquireConnection() {
    this.pool.emit('acquireRequest')
    this.acquired++
    return this.#next++
  }

  async releaseConnection(connection: unknown) {
    this.released.push(connection as number)
  }

  validateConnection(connection: unknown) {
    return !this.broken.has(connection as number)
  }
}

/** A lease that keeps connections 1 and 2. */
async function keepingTwo() {
  const client = new FakeClient()
  const lease = new ConnectionLease(client)
  const [first, second] = [await client.acquireConnection(), await client.acquireConnection()]
  lease.give(first)
  lease.give(second)
  return { client, lease }
}

test.group('ConnectionLease', () => {
  test('keeps a connection for the next statement instead of returning it', async ({ assert }) => {
    const client = new FakeClient()
    const lease = new ConnectionLease(client)
    assert.isUndefined(lease.kept())
    const connection = await client.acquireConnection()
    lease.give(connection)
    assert.equal(lease.kept(), connection)
    assert.isUndefined(lease.kept())
    assert.deepEqual(client.released, [])
    assert.equal(client.acquired, 1)
  })

  test('gives the kept connections back as soon as anyone else asks the pool', async ({
    assert,
  }) => {
    const { client, lease } = await keepingTwo()
    client.pool.emit('acquireRequest')
    assert.sameMembers(client.released, [1, 2])
    assert.isUndefined(lease.kept())
  })

  test('gives a connection back at once while the pool has someone waiting', async ({ assert }) => {
    const client = new FakeClient()
    const lease = new ConnectionLease(client)
    const [first, second] = [await client.acquireConnection(), await client.acquireConnection()]
    // Asked while both were busy in statements: there was nothing kept to hand over.
    client.pool.emit('acquireRequest')
    client.waiting = 1
    lease.give(first)
    assert.deepEqual(client.released, [1])
    client.waiting = 0
    lease.give(second)
    assert.deepEqual(client.released, [1])
    assert.equal(lease.kept(), 2)
  })

  test('gives them back once idle, and for good when the pool closes', async ({ assert }) => {
    const client = new FakeClient()
    const lease = new ConnectionLease(client, 20)
    lease.give(await client.acquireConnection())
    await new Promise((resolve) => setTimeout(resolve, 60))
    assert.deepEqual(client.released, [1])

    client.pool.emit('poolDestroyRequest')
    lease.give(await client.acquireConnection())
    assert.deepEqual(client.released, [1, 2])
    assert.isUndefined(lease.kept())
  })

  test('a kept connection that broke goes back to the pool, not to a statement', async ({
    assert,
  }) => {
    const { client, lease } = await keepingTwo()
    client.broken.add(2)
    assert.equal(lease.kept(), 1)
    assert.deepEqual(client.released, [2])
  })
})
