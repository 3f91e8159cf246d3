/*
 * One logged-in RouterOS API connection (node-routeros underneath). Every wait is bounded: the
 * login and each command race a deadline, and when the socket dies every pending command fails
 * at once — node-routeros itself would leave them pending for ever.
 */
import type { TlsOptions } from 'node:tls'
import { RouterOSAPI } from 'node-routeros'
import { installRouterOsGuards } from './node_routeros_guards.js'
import { RouterError, toRouterError } from './router_error.js'

/** Where and as whom a router's API is reached. */
export interface RouterTarget {
  host: string
  /** 8728, or 8729 with `tls`. */
  port?: number
  username: string
  password: string
  /**
   * API-SSL. `true` accepts the router's certificate unchecked: RouterOS signs its own, and the
   * point is to keep the API password off the wire; pass options with a `ca` to verify it.
   */
  tls?: boolean | TlsOptions
}

/** One row of a reply: every value is a string (EXTERNAL-APIS.md §4.7). */
export type RouterRow = Record<string, string>

/** `host:port` of a target, for messages. */
export function describeTarget(target: RouterTarget): string {
  return `${target.host}:${target.port ?? (target.tls ? 8729 : 8728)}`
}

type Fail = (error: RouterError) => void

/** A logged-in connection to one router. */
export class RouterConnection {
  #api: RouterOSAPI
  #where: string
  #timeoutMs: number
  #pending = new Set<Fail>()
  #closed = false
  #onClose?: () => void

  private constructor(api: RouterOSAPI, where: string, timeoutMs: number, onClose?: () => void) {
    this.#api = api
    this.#where = where
    this.#timeoutMs = timeoutMs
    this.#onClose = onClose
    // Without an 'error' listener the library's socket errors would be thrown from an emit.
    api.on('error', (error: unknown) => this.close(toRouterError(error, where)))
    api.on('close', () =>
      this.close(new RouterError(`Router ${where} closed the connection`, 'E_ROUTER_UNREACHABLE'))
    )
  }

  /** Connect and log in within `timeoutMs`; `onClose` runs once when the connection dies. */
  static async open(
    target: RouterTarget,
    timeoutMs: number,
    onClose?: () => void
  ): Promise<RouterConnection> {
    installRouterOsGuards()
    const tls = target.tls === true ? { rejectUnauthorized: false } : target.tls || undefined
    const api = new RouterOSAPI({
      host: target.host,
      port: target.port ?? (tls ? 8729 : 8728),
      user: target.username,
      password: target.password,
      // Seconds; the library also uses it as the socket's inactivity timeout.
      timeout: timeoutMs / 1000,
      tls,
    })
    const connection = new RouterConnection(api, describeTarget(target), timeoutMs, onClose)
    try {
      await connection.#bounded(api.connect(), 'the login')
    } catch (error) {
      connection.close()
      throw error
    }
    return connection
  }

  /** False once the connection died or was closed. */
  get alive(): boolean {
    return !this.#closed
  }

  /** Send one sentence (command path, then its words); resolves with the rows of the reply. */
  call(words: readonly string[]): Promise<RouterRow[]> {
    if (this.#closed) {
      return Promise.reject(
        new RouterError(`The connection to router ${this.#where} is closed`, 'E_ROUTER_UNREACHABLE')
      )
    }
    return this.#bounded(this.#api.write([...words]) as Promise<RouterRow[]>, words[0])
  }

  /** Drop the connection; pending commands fail with `reason`. Safe to call more than once. */
  close(reason?: RouterError) {
    if (this.#closed) return
    this.#closed = true
    const error =
      reason ??
      new RouterError(`The connection to router ${this.#where} was closed`, 'E_ROUTER_UNREACHABLE')
    for (const fail of [...this.#pending]) fail(error)
    // A polite `close()` waits for the router, which may never answer: drop the socket instead.
    ;(this.#api as unknown as { connector?: { destroy(): void } }).connector?.destroy()
    this.#onClose?.()
  }

  /** `work`, failed after the deadline or as soon as the connection dies. */
  #bounded<T>(work: Promise<T>, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const fail: Fail = (error) => {
        if (!this.#pending.delete(fail)) return
        clearTimeout(timer)
        reject(error)
      }
      const timer = setTimeout(() => {
        const error = new RouterError(
          `Router ${this.#where} did not answer ${what} within ${this.#timeoutMs} ms`,
          'E_ROUTER_TIMEOUT'
        )
        fail(error)
        // The router stopped answering: nothing else on this connection will be answered either.
        this.close(error)
      }, this.#timeoutMs)
      this.#pending.add(fail)
      work.then(
        (value) => {
          if (!this.#pending.delete(fail)) return
          clearTimeout(timer)
          resolve(value)
        },
        (error: unknown) => fail(toRouterError(error, this.#where))
      )
    })
  }
}
