/*
 * Log lines that could repeat for every packet (unknown sources, forged packets, a database
 * away) are written at most once per interval and key, with the number suppressed meanwhile.
 */
import type { Logger } from '@adonisjs/core/logger'

/** A logger wrapper that rate-limits per key. */
export class RateLimitedLog {
  #logger: Logger
  #intervalMs: number
  #last = new Map<string, { at: number; suppressed: number }>()

  constructor(logger: Logger, intervalMs: number) {
    this.#logger = logger
    this.#intervalMs = intervalMs
  }

  /** A warning, at most once per interval for `key`. */
  warn(key: string, message: string, ...values: unknown[]): void {
    const suppressed = this.#admit(key)
    if (suppressed >= 0) this.#logger.warn({ suppressed }, message, ...values)
  }

  /** An error with its cause, at most once per interval for `key`. */
  error(key: string, error: unknown, message: string, ...values: unknown[]): void {
    const suppressed = this.#admit(key)
    if (suppressed >= 0) this.#logger.error({ err: error, suppressed }, message, ...values)
  }

  /** -1 when the line is suppressed, else how many were suppressed since the last one. */
  #admit(key: string): number {
    const now = Date.now()
    const state = this.#last.get(key)
    if (state && now - state.at < this.#intervalMs) {
      state.suppressed++
      return -1
    }
    const suppressed = state?.suppressed ?? 0
    this.#last.set(key, { at: now, suppressed: 0 })
    return suppressed
  }
}
