/*
 * NAS status: online, offline or unknown, judged from RADIUS activity (the last packet the server
 * saw, the latest accounting) and from the NAS's device driver (`health()`, which for the
 * RouterOS API drivers also reads version, board, uptime, CPU, memory and interface rates).
 * A check of one router is bounded in time, and a router is never checked twice at once.
 */
import type { DateTime } from 'luxon'
import logger from '@adonisjs/core/services/logger'
import Nas from '#models/central/nas'
import type Tenant from '#models/central/tenant'
import { TenantStatus } from '#enums/tenant_status'
import type { ConnectionTest, DeviceHealth } from '#plugins/contracts/device_driver'
import { fromSqlTime } from '#radius/sql/sql_time'
import tenancy from '#tenancy/main'
import { tenantDb } from '#radius/sql/tenant_db'
import { NasRegistryService, type NasStatusRecord } from '#services/nas_registry_service'
import { RouterDevices } from '#services/router_call_service'

/** How long after its last RADIUS packet a NAS still counts as online: two interim intervals. */
export const ONLINE_WINDOW_MS = 10 * 60_000

/** Longest wait for one router's health, unless the caller says otherwise. */
export const HEALTH_TIMEOUT_MS = 20_000

/** NAS with a driver call running in this process: a router gets one call at a time. */
const busy = new Set<number>()

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** `work`, or a rejection once `ms` passed (the work itself is left to finish on its own). */
function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`No answer within ${ms / 1000} s`)), ms)
  })
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer))
}

/**
 * One driver call to a router, waited for at most `ms`. The router stays busy until the call
 * itself ends, even after we stopped waiting, so a hanging router never gets a second call.
 */
function oneAtATime<T>(nasId: number, start: () => Promise<T>, ms: number): Promise<T> {
  if (busy.has(nasId)) {
    return Promise.reject(new Error('Another check of this router is still running'))
  }
  busy.add(nasId)
  const release = () => busy.delete(nasId)
  const call = start()
  call.then(release, release)
  return within(call, ms)
}

function ago(moment: Date): string {
  const seconds = Math.max(0, Math.round((Date.now() - moment.getTime()) / 1000))
  return seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`
}

/** Reads and refreshes NAS status. Methods without a tenant argument run in the bound tenant. */
export class NasStatusService {
  /** Open sessions (radacct rows without a stop time) per NAS id of the bound tenant. */
  static async activeSessions(nasIds: number[]): Promise<Map<number, number>> {
    const counts = new Map<number, number>()
    if (nasIds.length === 0) return counts
    const rows = await tenantDb()
      .client.from('radacct')
      .whereIn('nas_id', nasIds)
      .whereNull('acctstoptime')
      .groupBy('nas_id')
      .select('nas_id')
      .count('* as total')
    for (const row of rows) counts.set(Number(row.nas_id), Number(row.total))
    return counts
  }

  /** The latest of the NAS's last RADIUS packet and its latest accounting start or update. */
  static async lastActivity(nas: Nas): Promise<Date | null> {
    const row = await tenantDb()
      .client.from('radacct')
      .where('nas_id', nas.id)
      .max('acctupdatetime as updated')
      .max('acctstarttime as started')
      .first()
    const times = [
      nas.lastSeenAt?.toJSDate() ?? null,
      fromSqlTime(row?.updated),
      fromSqlTime(row?.started),
    ]
    const known = times.filter((time): time is Date => time !== null)
    return known.length ? new Date(Math.max(...known.map((time) => time.getTime()))) : null
  }

  /** The latest moment the NAS was seen alive, as the list shows it. */
  static lastSeen(nas: Nas): DateTime | null {
    const { lastSeenAt: seen, lastContactAt: contact } = nas
    if (!seen || !contact) return seen ?? contact
    return seen > contact ? seen : contact
  }

  /**
   * Check one NAS of the bound tenant now and store the result. Returns the stored row, or null
   * when a call to the router is still running (or the NAS was removed meanwhile).
   */
  static async refresh(nas: Nas, timeoutMs = HEALTH_TIMEOUT_MS): Promise<Nas | null> {
    if (busy.has(nas.id)) return null
    const health = async () => {
      const { driver, context } = await new RouterDevices().resolve(nas.id)
      return driver.health(context)
    }
    const checked = oneAtATime(nas.id, health, timeoutMs).then(
      (found): [DeviceHealth, null] => [found, null],
      (error): [null, string] => [null, message(error)]
    )
    const activity = await this.lastActivity(nas)
    const [found, failure] = await checked
    return NasRegistryService.recordStatus(nas.id, this.#judge(nas, activity, found, failure))
  }

  /** The device driver's connection test (bounded in time), then a fresh status check. */
  static async testConnection(nas: Nas, timeoutMs = HEALTH_TIMEOUT_MS): Promise<ConnectionTest> {
    const started = performance.now()
    const test = async () => {
      const { driver, context } = await new RouterDevices().resolve(nas.id)
      return driver.testConnection(context)
    }
    const result = await oneAtATime(nas.id, test, timeoutMs).catch((error): ConnectionTest => ({
      ok: false,
      message: message(error),
      latencyMs: Math.round(performance.now() - started),
    }))
    await this.refresh(nas, timeoutMs)
    return result
  }

  /**
   * Check every NAS of every active tenant, `concurrency` routers at a time, the longest-unchecked
   * first; no check starts after `deadlineMs` (the rest go first next round). Returns how many
   * were checked.
   */
  static async refreshAll(
    options: { concurrency?: number; timeoutMs?: number; deadlineMs?: number } = {}
  ): Promise<number> {
    const deadline = Date.now() + (options.deadlineMs ?? 50_000)
    const rows = await Nas.query()
      .whereHas('tenant', (query) => query.where('status', TenantStatus.Active))
      .preload('tenant')
      .orderByRaw('last_status_at is not null')
      .orderBy('last_status_at')
    const queue = [...rows]
    let checked = 0
    const worker = async () => {
      for (let nas = queue.shift(); nas && Date.now() < deadline; nas = queue.shift()) {
        const tenant: Tenant = nas.tenant
        try {
          if (await tenancy.run(tenant, () => this.refresh(nas!, options.timeoutMs))) checked++
        } catch (error) {
          logger.warn({ err: error, nasId: nas.id, tenant: tenant.slug }, 'NAS status check failed')
        }
      }
    }
    await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker))
    return checked
  }

  static #judge(
    nas: Nas,
    activity: Date | null,
    health: DeviceHealth | null,
    failure: string | null
  ): NasStatusRecord {
    const recent = activity !== null && Date.now() - activity.getTime() <= ONLINE_WINDOW_MS
    // Router details come only from a router that answered (the RADIUS driver has none).
    const answered = health?.online === true && health.version !== null
    const radius = recent
      ? `RADIUS traffic ${ago(activity!)} ago`
      : activity
        ? `No RADIUS traffic for ${ago(activity)}`
        : 'No RADIUS traffic yet: run the connection script on the router'
    const reason = answered
      ? `RouterOS ${health!.version} answered`
      : failure
        ? `${radius}; ${failure}`
        : radius
    const online = recent || health?.online === true
    const heardOf = activity !== null || Boolean(nas.apiHost)
    return {
      status: online ? 'online' : heardOf ? 'offline' : 'unknown',
      reason,
      contactAt: answered ? new Date() : activity,
      router: answered
        ? {
            version: health!.version,
            board: health!.board,
            uptimeSeconds: health!.uptimeSeconds,
            cpuLoad: health!.cpuLoadPercent,
            freeMemory: health!.freeMemoryBytes,
            totalMemory: health!.totalMemoryBytes,
            interfaces: health!.interfaces,
          }
        : null,
    }
  }
}
