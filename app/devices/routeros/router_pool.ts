/*
 * Reuses one API connection per router (keyed by transport, user, host and port) while it is in
 * use, closes it after an idle period, and retries a command after a connection-level failure
 * with exponential backoff. A `!trap` is the router's answer and is never retried.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import {
  describeTarget,
  RouterConnection,
  type RouterRow,
  type RouterTarget,
} from './router_connection.js'
import { toRouterError } from './router_error.js'

/** Tunables; the defaults suit routers across a WAN. */
export interface RouterPoolOptions {
  /** Longest wait for the connection, the login and each command. */
  timeoutMs?: number
  /** Extra tries after a connection-level failure (unreachable, timeout). */
  retries?: number
  /** Wait before the first retry; doubled before each next one. */
  backoffMs?: number
  /**
   * An unused connection is closed after this long. Keep it under `timeoutMs`: node-routeros
   * also drops a socket that has been silent for `timeoutMs`.
   */
  idleMs?: number
}

interface Entry {
  connection: Promise<RouterConnection>
  users: number
  idleTimer?: NodeJS.Timeout
}

function keyOf(target: RouterTarget): string {
  return `${target.tls ? 'tls' : 'tcp'}://${target.username}@${describeTarget(target)}`
}

/** Connections to routers, shared by every call made through the pool. */
export class RouterPool {
  #timeoutMs: number
  #retries: number
  #backoffMs: number
  #idleMs: number
  #entries = new Map<string, Entry>()

  constructor(options: RouterPoolOptions = {}) {
    this.#timeoutMs = options.timeoutMs ?? 10_000
    this.#retries = options.retries ?? 1
    this.#backoffMs = options.backoffMs ?? 250
    this.#idleMs = options.idleMs ?? Math.min(5_000, this.#timeoutMs / 2)
  }

  /** Connections open or opening right now. */
  get size() {
    return this.#entries.size
  }

  /**
   * Send one sentence (command path, then its words) to the router and resolve with the rows
   * of the reply. Rejects with a RouterError only.
   */
  async call(target: RouterTarget, words: readonly string[]): Promise<RouterRow[]> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#callOnce(target, words)
      } catch (error) {
        const failure = toRouterError(error, describeTarget(target))
        if (!failure.retryable || attempt >= this.#retries) throw failure
        await sleep(this.#backoffMs * 2 ** attempt)
      }
    }
  }

  /** Close every connection (shutdown, tests). */
  async closeAll() {
    const entries = [...this.#entries.values()]
    this.#entries.clear()
    for (const entry of entries) clearTimeout(entry.idleTimer)
    await Promise.all(
      entries.map((entry) =>
        entry.connection.then(
          (connection) => connection.close(),
          () => {}
        )
      )
    )
  }

  async #callOnce(target: RouterTarget, words: readonly string[]): Promise<RouterRow[]> {
    const key = keyOf(target)
    const entry = this.#acquire(key, target)
    try {
      const connection = await entry.connection
      return await connection.call(words)
    } finally {
      this.#release(key, entry)
    }
  }

  #acquire(key: string, target: RouterTarget): Entry {
    let entry = this.#entries.get(key)
    if (!entry) {
      const created: Entry = {
        users: 0,
        connection: RouterConnection.open(target, this.#timeoutMs, () =>
          this.#forget(key, created)
        ),
      }
      // A failed login must not stay cached: the next call tries a fresh connection.
      created.connection.catch(() => this.#forget(key, created))
      this.#entries.set(key, created)
      entry = created
    }
    clearTimeout(entry.idleTimer)
    entry.users++
    return entry
  }

  #release(key: string, entry: Entry) {
    entry.users--
    if (entry.users > 0 || this.#entries.get(key) !== entry) return
    entry.idleTimer = setTimeout(() => {
      this.#forget(key, entry)
      entry.connection.then(
        (connection) => connection.close(),
        () => {}
      )
    }, this.#idleMs)
    entry.idleTimer.unref()
  }

  #forget(key: string, entry: Entry) {
    clearTimeout(entry.idleTimer)
    if (this.#entries.get(key) === entry) this.#entries.delete(key)
  }
}
