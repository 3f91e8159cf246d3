/*
 * Scheduled sweeps over the open sessions in radacct of every active tenant:
 * - stuck sessions: nothing heard for more than N interim intervals (the Stop was lost, the
 *   router died) → closed with Acct-Terminate-Cause Stale-Session, so Simultaneous-Use and the
 *   online list stop counting them;
 * - expired users: validity ended during the session (Expiration shortened, or a NAS that
 *   ignored Session-Timeout) → Disconnect-Request through the CoaSender.
 */
import Nas from '#models/central/nas'
import { tenantContext } from '#tenancy/tenant_context'
import { STALE_SESSION } from '#radius/accounting/radacct_writer'
import {
  closeSessions,
  selectOpenSessions,
  type ClosableSession,
} from '#radius/accounting/session_closer'
import { EnforcementDispatcher } from '#radius/enforcement/enforcement_dispatcher'
import { EnforcementLog } from '#radius/enforcement/enforcement_log'
import { claimDisconnect, releaseDisconnect } from '#radius/enforcement/session_claims'
import { DEFAULT_INTERIM_INTERVAL } from '#radius/auth/enhancers/interim_interval_enhancer'
import { radiusEvents, type RadiusEventBus } from '#radius/radius_events'
import { toSqlTime } from '#radius/sql/sql_time'
import { tenantDb } from '#radius/sql/tenant_db'
import type { CoaSender, NasEntry } from '#radius/types'
import { Check, Reply } from '#radius/users/attribute_names'
import { describeMoment, parseExpiration } from '#radius/users/expiration'
import { RadiusUserRepository } from '#radius/users/radius_user_repository'

/** Options of the stuck-session sweep. */
export interface StuckSessionOptions {
  /** Intervals of silence after which a session is stuck (default 3). */
  intervals?: number
}

/** Runs the session sweeps for the bound tenant, or for every active tenant. */
export class RadiusSessionSweepService {
  readonly #events: RadiusEventBus
  readonly #clock: () => Date
  readonly #repository = new RadiusUserRepository()

  constructor(options: { events?: RadiusEventBus; clock?: () => Date } = {}) {
    this.#events = options.events ?? radiusEvents
    this.#clock = options.clock ?? (() => new Date())
  }

  /**
   * Closes the bound tenant's sessions silent for more than `intervals` × their interim interval
   * (measured in acctinterval; before the first interim, the one the user's reply sets, else
   * 300 s). The stop time is the last time the NAS reported. Returns how many were closed.
   */
  async closeStuckSessions(options: StuckSessionOptions = {}): Promise<number> {
    const intervals = options.intervals ?? 3
    const now = this.#clock()
    const { client, dialect } = tenantDb()
    const silence = `? * COALESCE(NULLIF(acctinterval, 0), ${DEFAULT_INTERIM_INTERVAL})`
    const candidates = await selectOpenSessions(
      client,
      dialect,
      `COALESCE(acctupdatetime, acctstarttime) < ${dialect.minusSeconds('?', silence)}`,
      [toSqlTime(now), intervals]
    )
    const stuck: ClosableSession[] = []
    for (const session of candidates) {
      const interval = session.interval || (await this.#configuredInterval(session.username))
      const deadline = (session.lastHeard?.getTime() ?? 0) + intervals * interval * 1000
      if (deadline < now.getTime()) stuck.push(session)
    }
    if (stuck.length === 0) return 0
    const closed = await client.transaction((trx) =>
      closeSessions(trx, dialect, stuck, STALE_SESSION, 'last-heard')
    )
    const { tenant } = tenantContext.require()
    for (const session of closed) {
      this.#events.emit('session.stopped', {
        tenantId: tenant.id,
        username: session.username,
        nasId: session.nasId ?? 0,
        at: now,
        sessionId: session.acctSessionId,
        uniqueId: session.acctUniqueId,
        counters: session.counters,
        framedIpAddress: session.framedIpAddress || null,
        callingStationId: session.callingStationId || null,
        reason: STALE_SESSION,
      })
    }
    return closed.length
  }

  /**
   * Sends a Disconnect-Request for each open session of the bound tenant whose user's
   * Expiration has passed (isolated users are left in their restricted profile). A session
   * still open after an acknowledged Disconnect is sent another one at the next run.
   */
  async disconnectExpiredSessions(coa: CoaSender): Promise<number> {
    const now = this.#clock()
    const { tenant } = tenantContext.require()
    const zone = tenant.timezone || 'UTC'
    const { client, dialect } = tenantDb()
    const result = await client.rawQuery(
      `SELECT a.username, a.acctsessionid, a.acctuniqueid, a.nas_id, a.framedipaddress,
        c.value AS expiration FROM radacct a
        JOIN radcheck c ON c.username = a.username AND c.attribute = ?
        WHERE a.acctstoptime IS NULL AND NOT EXISTS (SELECT 1 FROM radcheck s
          WHERE s.username = a.username AND s.attribute = ? AND s.value = 'isolir')`,
      [Check.Expiration, Check.AccountStatus]
    )
    const log = new EnforcementLog()
    const dispatcher = new EnforcementDispatcher(coa, {
      events: this.#events,
      clock: this.#clock,
      log,
    })
    const nasById = await this.#nasEntries(tenant.id)
    let sent = 0
    for (const row of dialect.rows<Record<string, string | number | null>>(result)) {
      const end = parseExpiration(String(row.expiration), zone)
      const nas = nasById.get(Number(row.nas_id))
      const uniqueId = String(row.acctuniqueid)
      if (!end || end > now || !nas || !(await claimDisconnect(uniqueId, now))) continue
      const pending = await log.pending(uniqueId)
      const earlier = pending.filter((action) => action.action === 'expiry-disconnect')
      await log.confirm(
        earlier.map((action) => action.id),
        'still-online',
        now
      )
      const target = {
        tenantId: tenant.id,
        acctUniqueId: uniqueId,
        session: {
          nas,
          username: String(row.username),
          acctSessionId: String(row.acctsessionid),
          framedIpAddress: row.framedipaddress ? String(row.framedipaddress) : null,
        },
      }
      const reason = `Validity ended on ${describeMoment(end, zone)}`
      const outcome = await dispatcher.disconnect(target, 'expiry-disconnect', reason)
      if (outcome !== 'ack') await releaseDisconnect(uniqueId)
      sent++
    }
    return sent
  }

  /** The Acct-Interim-Interval the user's reply sets, else the default. */
  async #configuredInterval(username: string): Promise<number> {
    const profile = await this.#repository.loadAuthProfile(username)
    const value = Number(profile?.reply.get(Reply.InterimInterval)?.[0])
    return Number.isInteger(value) && value > 0 ? value : DEFAULT_INTERIM_INTERVAL
  }

  /** The tenant's NAS as the CoaSender needs them, by central id. */
  async #nasEntries(tenantId: number): Promise<Map<number, NasEntry>> {
    const rows = await Nas.query().where('tenant_id', tenantId)
    return new Map(rows.map((row) => [row.id, row.toEntry()]))
  }
}
