/*
 * Connections the per-packet statements keep between them. Taking one from knex's pool (tarn)
 * costs a pending operation with its timeout and several promises for every statement: ~6 KB of
 * garbage, a seventh of what an accounting packet allocates (bench/radius/README.md). A
 * connection stays here while those statements keep it busy and goes back to the pool once
 * idle for a second, as soon as anyone else asks the pool for one (Lucid in this process), or
 * when the pool closes. So the pool's limit still holds and nobody waits for a kept one.
 */

/** The parts of a knex client used here and by driver_sql. */
export interface PoolClient {
  acquireConnection(): Promise<unknown>
  releaseConnection(connection: unknown): Promise<unknown>
  validateConnection(connection: unknown): boolean
  pool?: PoolEvents
}

/** The parts of the tarn pool used here. */
interface PoolEvents {
  on(event: 'acquireRequest' | 'poolDestroyRequest', listener: () => void): void
  numPendingAcquires(): number
}

/** The kept connections of one knex client. */
export class ConnectionLease {
  readonly #client: PoolClient
  readonly #idleMs: number
  readonly #idle: unknown[] = []
  #timer: NodeJS.Timeout | undefined
  #closed = false

  /** `idleMs`: how long an unused connection is kept (1 s). */
  constructor(client: PoolClient, idleMs = 1000) {
    this.#client = client
    this.#idleMs = idleMs
    // Someone else waits for a connection: the kept ones are theirs.
    client.pool?.on('acquireRequest', () => this.#releaseIdle())
    client.pool?.on('poolDestroyRequest', () => {
      this.#closed = true
      this.#releaseIdle()
    })
  }

  /** A kept connection that is still usable, or undefined: then take one from the pool. */
  kept(): unknown {
    while (this.#idle.length > 0) {
      const connection = this.#idle.pop()
      if (this.#client.validateConnection(connection)) return connection
      // The pool validates it again, destroys it and makes a new one.
      void this.#client.releaseConnection(connection)
    }
    return undefined
  }

  /** Keeps `connection` for the next statement, unless the pool has someone waiting. */
  give(connection: unknown): void {
    if (this.#closed || (this.#client.pool?.numPendingAcquires() ?? 0) > 0) {
      void this.#client.releaseConnection(connection)
      return
    }
    this.#idle.push(connection)
    if (!this.#timer) {
      this.#timer = setTimeout(() => this.#releaseIdle(), this.#idleMs)
      this.#timer.unref()
    }
  }

  #releaseIdle(): void {
    clearTimeout(this.#timer)
    this.#timer = undefined
    for (const connection of this.#idle.splice(0)) void this.#client.releaseConnection(connection)
  }
}

const leases = new WeakMap<PoolClient, ConnectionLease>()

/** The lease of the knex client `client`. */
export function leaseOf(client: PoolClient): ConnectionLease {
  let lease = leases.get(client)
  if (!lease) leases.set(client, (lease = new ConnectionLease(client)))
  return lease
}
