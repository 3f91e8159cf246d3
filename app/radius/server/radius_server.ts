/*
 * The RADIUS server of one process: its sockets, its lifecycle and its counters. Each datagram
 * goes to the PacketHandler (./packet_handler.ts).
 */
import appLogger from '@adonisjs/core/services/logger'
import type { Logger } from '@adonisjs/core/logger'
import { DuplicateCache } from './duplicate_cache.js'
import { PacketHandler, type HandlerOptions, type Listener } from './packet_handler.js'
import { createMetrics, metricsSummary, type RadiusMetrics } from './radius_metrics.js'
import { RateLimitedLog } from './rate_limited_log.js'
import {
  closeEndpoints,
  kernelDrops,
  openListeners,
  type Endpoint,
  type ListenerOptions,
} from './udp_listener.js'

export type { NasRouter, TenantScopeRunner } from './packet_handler.js'

/** What the server is built from. */
export interface RadiusServerOptions extends HandlerOptions {
  listener: ListenerOptions
  /** How long answered requests are remembered for retransmissions. */
  duplicateWindowMs?: number
  /** Period of the counters log line (0: never). */
  statsIntervalMs?: number
  logger?: Logger
}

/** One process's RADIUS server. */
export class RadiusServer {
  /** Live counters (tests read them; a log line reports them periodically). */
  readonly metrics: RadiusMetrics = createMetrics()
  #options: RadiusServerOptions
  #logger: Logger
  #handler: PacketHandler
  #listeners: Listener[] = []
  #statsTimer: NodeJS.Timeout | undefined
  #lastLoggedReceived = 0

  constructor(options: RadiusServerOptions) {
    this.#options = options
    this.#logger = options.logger ?? appLogger
    this.#handler = new PacketHandler(
      options,
      this.metrics,
      new RateLimitedLog(this.#logger, 10_000)
    )
  }

  /** The bound sockets (with the actual ports when 0 was configured). */
  get endpoints(): readonly Endpoint[] {
    return this.#listeners.map((listener) => listener.endpoint)
  }

  /** Loads the registry and starts listening. */
  async start(): Promise<void> {
    await this.#options.registry.start()
    const byEndpoint = new Map<Endpoint, Listener>()
    const endpoints = await openListeners(
      this.#options.listener,
      (datagram, source, endpoint) =>
        this.#handler.handle(datagram, source, byEndpoint.get(endpoint)!),
      (address, error) =>
        this.#logger.warn('IPv6 unavailable, not listening on %s: %s', address, error.message)
    )
    for (const endpoint of endpoints) {
      const listener = { endpoint, cache: new DuplicateCache(this.#options.duplicateWindowMs) }
      byEndpoint.set(endpoint, listener)
      this.#listeners.push(listener)
      endpoint.socket.on('error', (error) =>
        this.#logger.warn('RADIUS socket error: %s', error.message)
      )
      const { service, address, port, recvBufferSize } = endpoint
      const message = 'RADIUS %s listening on %s port %d (receive buffer %d bytes)'
      this.#logger.info(message, service, address, port, recvBufferSize)
    }
    const interval = this.#options.statsIntervalMs ?? 60_000
    if (interval > 0) {
      this.#statsTimer = setInterval(() => void this.logStats(), interval)
      this.#statsTimer.unref()
    }
  }

  /** Stops listening, lets requests in flight finish (up to `graceMs`), stops the registry. */
  async stop(graceMs = 5000): Promise<void> {
    clearInterval(this.#statsTimer)
    await closeEndpoints(this.endpoints)
    const deadline = Date.now() + graceMs
    while (this.metrics.inFlight > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    await this.#options.authorizer.settled?.()
    await this.#options.recorder.settled?.()
    await this.#options.registry.stop()
    await this.logStats()
  }

  /** Logs the counters (and the kernel's receive-buffer drops) when anything changed. */
  async logStats(): Promise<void> {
    if (this.metrics.received === this.#lastLoggedReceived) return
    this.#lastLoggedReceived = this.metrics.received
    const drops = await kernelDrops(new Set(this.endpoints.map((endpoint) => endpoint.port)))
    this.#logger.info({ ...metricsSummary(this.metrics), kernelDrops: drops }, 'RADIUS counters')
  }
}
