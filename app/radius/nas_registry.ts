/*
 * The NAS registry held in memory: source IP → the NAS entries (and their tenants) behind it.
 * Packets are routed with one Map lookup; the database is read only at start, when the
 * `registry_versions` row changes (1-second poll), for a source IP not known yet (rate-limited)
 * and once a minute as a safety net for writes that bypass NasRegistryService (e.g. a tenant
 * deleted with ON DELETE CASCADE).
 */
import { isIPv4, isIPv6 } from 'node:net'
import db from '@adonisjs/lucid/services/db'
import appLogger from '@adonisjs/core/services/logger'
import type { Logger } from '@adonisjs/core/logger'
import Nas from '#models/central/nas'
import type Tenant from '#models/central/tenant'
import { TenantStatus } from '#enums/tenant_status'
import { toSqlTime } from './sql/sql_time.js'
import type { NasEntry } from './types.js'

/** A NAS with the tenant it belongs to, as loaded at the last refresh. */
export interface RoutedNas {
  readonly nas: NasEntry
  readonly tenant: Tenant
}

/** Tunables; the defaults suit production, tests shorten them. */
export interface NasRegistryOptions {
  /** How often `registry_versions` is polled. */
  pollIntervalMs?: number
  /** How often everything is reloaded even without a version change. */
  fullReloadIntervalMs?: number
  /** Minimum time between two database lookups of the same unknown source IP. */
  missIntervalMs?: number
  /** Cap on database lookups of unknown IPs per second, whatever their number. */
  maxMissLookupsPerSecond?: number
  /** How often `last_seen_at` is written for the NAS seen since the last write. */
  lastSeenFlushMs?: number
  logger?: Logger
}

const IPV4_MAPPED = /^::ffff:(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/i
const MAX_TRACKED_MISSES = 10_000

/**
 * The canonical text form of an IP address (IPv4 dotted quad, IPv6 as RFC 5952 lower case,
 * IPv4-mapped IPv6 as IPv4), or undefined when `address` is not an IP address.
 */
export function normalizeIpAddress(address: string): string | undefined {
  const text = address.trim()
  const mapped = IPV4_MAPPED.exec(text)
  if (mapped) return isIPv4(mapped[1]) ? mapped[1] : undefined
  if (isIPv4(text)) return text
  if (!isIPv6(text)) return undefined
  try {
    // The WHATWG URL serialiser compresses IPv6 exactly as RFC 5952 §4 (and inet_ntop) do.
    return new URL(`http://[${text}]/`).hostname.slice(1, -1)
  } catch {
    return undefined
  }
}

function toRoute(row: Nas, logger: Logger): RoutedNas | undefined {
  const address = row.ipAddress === null ? undefined : normalizeIpAddress(row.ipAddress)
  if (address === undefined || !row.tenant || row.tenant.status === TenantStatus.Provisioning) {
    return undefined
  }
  if (typeof row.secret !== 'string' || row.secret.length === 0) {
    // The encryption service returns null when APP_KEY changed since the secret was sealed.
    logger.error({ nasId: row.id }, 'NAS %s: its secret cannot be decrypted; re-enter it', row.name)
    return undefined
  }
  return {
    nas: { ...row.toEntry(), ipAddress: address },
    tenant: row.tenant,
  }
}

/** Groups routes by address; entries with a NAS-Identifier first, the catch-all last. */
function group(routes: RoutedNas[]): Map<string, readonly RoutedNas[]> {
  const byAddress = new Map<string, RoutedNas[]>()
  for (const route of routes) {
    const address = route.nas.ipAddress!
    const list = byAddress.get(address)
    if (list) list.push(route)
    else byAddress.set(address, [route])
  }
  for (const list of byAddress.values()) {
    list.sort((a, b) => Number(a.nas.identifier === null) - Number(b.nas.identifier === null))
  }
  return byAddress
}

/**
 * In-memory NAS → tenant routing, refreshed without a restart or a reload command.
 */
export class NasRegistry {
  #routes = new Map<string, readonly RoutedNas[]>()
  #version: string | undefined
  #logger: Logger
  #pollIntervalMs: number
  #fullReloadIntervalMs: number
  #missIntervalMs: number
  #maxMissLookupsPerSecond: number
  #lastSeenFlushMs: number
  #timers: NodeJS.Timeout[] = []
  #refreshing: Promise<void> | undefined
  #pollFailing = false
  #missedAt = new Map<string, number>()
  #pendingMisses = new Map<string, Promise<readonly RoutedNas[] | undefined>>()
  #missWindowStart = 0
  #missesInWindow = 0
  #seen = new Set<number>()

  constructor(options: NasRegistryOptions = {}) {
    this.#logger = options.logger ?? appLogger
    this.#pollIntervalMs = options.pollIntervalMs ?? 1000
    this.#fullReloadIntervalMs = options.fullReloadIntervalMs ?? 60_000
    this.#missIntervalMs = options.missIntervalMs ?? 1000
    this.#maxMissLookupsPerSecond = options.maxMissLookupsPerSecond ?? 20
    this.#lastSeenFlushMs = options.lastSeenFlushMs ?? 30_000
  }

  /** Loads every NAS, then keeps the registry fresh until {@link stop}. */
  async start(): Promise<void> {
    await this.reload()
    const every = (ms: number, work: () => Promise<unknown>) => {
      const timer = setInterval(() => void work(), ms)
      timer.unref()
      this.#timers.push(timer)
    }
    every(this.#pollIntervalMs, () => this.refresh())
    every(this.#fullReloadIntervalMs, () => this.#guarded(() => this.reload()))
    every(this.#lastSeenFlushMs, () => this.flushLastSeen())
  }

  /** Stops refreshing and writes the pending `last_seen_at` updates. */
  async stop(): Promise<void> {
    for (const timer of this.#timers) clearInterval(timer)
    this.#timers = []
    await this.#refreshing
    await this.flushLastSeen()
  }

  /** The NAS entries for a (normalised) source address; no I/O. */
  lookup(address: string): readonly RoutedNas[] | undefined {
    return this.#routes.get(address)
  }

  /**
   * Looks an address the registry does not know up in the database, at most once per
   * `missIntervalMs` per address and `maxMissLookupsPerSecond` overall, so a flood from unknown
   * (or spoofed) sources cannot hammer the database. Concurrent misses share one query.
   */
  lookupMiss(address: string): Promise<readonly RoutedNas[] | undefined> | undefined {
    const pending = this.#pendingMisses.get(address)
    if (pending) return pending
    const now = Date.now()
    const last = this.#missedAt.get(address)
    if (last !== undefined && now - last < this.#missIntervalMs) return undefined
    if (now - this.#missWindowStart >= 1000) {
      this.#missWindowStart = now
      this.#missesInWindow = 0
    }
    if (this.#missesInWindow >= this.#maxMissLookupsPerSecond) return undefined
    this.#missesInWindow++
    if (this.#missedAt.size >= MAX_TRACKED_MISSES) this.#missedAt.clear()
    this.#missedAt.set(address, now)

    const lookup = this.#fetch(address).finally(() => this.#pendingMisses.delete(address))
    this.#pendingMisses.set(address, lookup)
    return lookup
  }

  /** Notes that a NAS sent a valid packet; written to `last_seen_at` in batches. */
  markSeen(nas: NasEntry): void {
    this.#seen.add(nas.id)
  }

  /** One poll: reloads when `registry_versions` changed. Never throws. */
  refresh(): Promise<void> {
    return this.#guarded(async () => {
      const version = await this.#readVersion()
      if (version !== this.#version) await this.reload()
    })
  }

  /** Replaces the whole routing table from the database. */
  async reload(): Promise<void> {
    // Version first: a change made while the rows are read is caught by the next poll.
    const version = await this.#readVersion()
    const rows = await Nas.query().whereNotNull('ip_address').preload('tenant')
    const routes: RoutedNas[] = []
    for (const row of rows) {
      const route = toRoute(row, this.#logger)
      if (route) routes.push(route)
    }
    this.#routes = group(routes)
    this.#version = version
    this.#missedAt.clear()
  }

  /** Writes `last_seen_at` for the NAS seen since the last call (one UPDATE). */
  async flushLastSeen(): Promise<void> {
    if (this.#seen.size === 0) return
    const ids = [...this.#seen]
    this.#seen.clear()
    try {
      await db
        .from('nas')
        .whereIn('id', ids)
        .update({ last_seen_at: toSqlTime(new Date()) })
    } catch (error) {
      this.#logger.warn({ err: error }, 'could not record last_seen_at of %d NAS', ids.length)
    }
  }

  async #fetch(address: string): Promise<readonly RoutedNas[] | undefined> {
    const routes = this.#routes
    try {
      const rows = await Nas.query().where('ip_address', address).preload('tenant')
      const found = rows.flatMap((row) => toRoute(row, this.#logger) ?? [])
      if (found.length === 0) return undefined
      const grouped = group(found).get(address)
      // A reload meanwhile is authoritative: this answer may predate a removal.
      if (grouped && routes === this.#routes) routes.set(address, grouped)
      return grouped
    } catch (error) {
      this.#logger.warn({ err: error }, 'NAS lookup of %s failed', address)
      return undefined
    }
  }

  async #readVersion(): Promise<string> {
    const row = await db.from('registry_versions').where('name', 'nas').select('version').first()
    return String(row?.version ?? 0)
  }

  /** Runs one refresh at a time; a failing database is logged once, routing stays as it was. */
  #guarded(work: () => Promise<void>): Promise<void> {
    if (this.#refreshing) return this.#refreshing
    this.#refreshing = work()
      .then(() => {
        if (this.#pollFailing) this.#logger.info('NAS registry: database reachable again')
        this.#pollFailing = false
      })
      .catch((error) => {
        if (!this.#pollFailing) {
          this.#logger.error({ err: error }, 'NAS registry refresh failed; serving the last state')
        }
        this.#pollFailing = true
      })
      .finally(() => {
        this.#refreshing = undefined
      })
    return this.#refreshing
  }
}
