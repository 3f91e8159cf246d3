/*
 * Acting on live sessions from the admin: kicking a customer (Disconnect-Request) and pushing a
 * package's new rate to its online users (CoA-Request, RFC 5176). The request only looks the
 * sessions up and queues them, a batch per job (SessionCoaJob), so it returns at once however
 * many users are online; the job sends through the CoA client of its process.
 */
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import Nas from '#models/central/nas'
import { tenantContext } from '#tenancy/tenant_context'
import { tenantDb } from '#radius/sql/tenant_db'
import type { CoaSender, NasEntry } from '#radius/types'
import { Check, Reply } from '#radius/users/attribute_names'

// The container binding of the CoA client (COA_BINDING in providers/plugins_provider.ts).
const COA_BINDING = 'radius.coa'
const MIKROTIK = 14988

/** An open session as radacct has it. */
export interface SessionTarget {
  username: string
  acctSessionId: string
  acctUniqueId: string
  nasId: number | null
  framedIpAddress: string | null
  /** The FUP rate was applied to it (it keeps a reduced rate). */
  fupApplied: boolean
}

/** What to do with the sessions. */
export type SessionAction =
  { kind: 'disconnect' } | { kind: 'rate-limit'; rateLimit: string; fupRateLimit: string | null }

/** How a batch went. */
export interface SessionActionOutcome {
  acknowledged: number
  failed: number
}

/** Finds the CoA client of this process; tests swap it for a recording one. */
export class CoaSenders {
  /** The bound CoA client, or null when this process has none. */
  async resolve(): Promise<CoaSender | null> {
    if (!app.container.hasBinding(COA_BINDING)) return null
    return (await app.container.make(COA_BINDING)) as CoaSender
  }
}

/** Looks up live sessions of the bound tenant, queues and sends actions on them. */
export class SessionCoaService {
  /** Sessions per job. */
  static batchSize = 100

  /** Open sessions of `usernames`. */
  async openSessionsOf(usernames: string[]): Promise<SessionTarget[]> {
    if (usernames.length === 0) return []
    const rows = await this.#openSessions().whereIn('a.username', usernames)
    return rows.map(toTarget)
  }

  /**
   * Open sessions of the members of `groupName`, leaving out users whose own radreply sets the
   * rate (the package's rate is not theirs) and isolated users (they keep the isolir profile).
   */
  async openSessionsOfGroup(groupName: string): Promise<SessionTarget[]> {
    const rows = await this.#openSessions()
      .join('radusergroup as g', 'g.username', 'a.username')
      .where('g.groupname', groupName)
      .whereNotExists((query) =>
        query
          .from('radreply as r')
          .whereColumn('r.username', 'a.username')
          .where('r.attribute', Reply.RateLimit)
      )
      .whereNotExists((query) =>
        query
          .from('radcheck as c')
          .whereColumn('c.username', 'a.username')
          .where('c.attribute', Check.AccountStatus)
          .where('c.value', 'isolir')
      )
    return rows.map(toTarget)
  }

  /** Queues `action` for `sessions`, one job per batch. Returns how many were queued. */
  async queue(sessions: SessionTarget[], action: SessionAction): Promise<number> {
    if (sessions.length === 0) return 0
    const { default: SessionCoaJob } = await import('#jobs/session_coa_job')
    const { tenant } = tenantContext.require()
    for (let index = 0; index < sessions.length; index += SessionCoaService.batchSize) {
      const batch = sessions.slice(index, index + SessionCoaService.batchSize)
      await SessionCoaJob.dispatch({ tenantId: tenant.id, sessions: batch, action })
    }
    return sessions.length
  }

  /** Sends `action` to each session through `coa` (the CoA client logs every exchange). */
  async send(
    coa: CoaSender,
    sessions: SessionTarget[],
    action: SessionAction
  ): Promise<SessionActionOutcome> {
    const nas = await this.#nasEntries(sessions)
    const outcome = { acknowledged: 0, failed: 0 }
    for (const session of sessions) {
      const entry = session.nasId === null ? undefined : nas.get(session.nasId)
      if (!entry) {
        logger.warn('session %s of %s: its NAS is unknown', session.acctSessionId, session.username)
        outcome.failed++
        continue
      }
      // RouterOS matches the session by User-Name, Acct-Session-Id and, for hotspot, the IP.
      const ref = {
        nas: entry,
        username: session.username,
        acctSessionId: session.acctSessionId,
        framedIpAddress: session.framedIpAddress,
      }
      try {
        const result =
          action.kind === 'disconnect'
            ? await coa.disconnect(ref)
            : await coa.changeAuthorization(ref, [
                ['Vendor-Specific', MIKROTIK, [[Reply.RateLimit, rateFor(session, action)]]],
              ])
        if (result.acknowledged) outcome.acknowledged++
        else outcome.failed++
      } catch (error) {
        logger.warn({ err: error }, 'CoA for %s failed', session.username)
        outcome.failed++
      }
    }
    return outcome
  }

  #openSessions() {
    return tenantDb()
      .client.from('radacct as a')
      .whereNull('a.acctstoptime')
      .select(
        'a.username',
        'a.acctsessionid',
        'a.acctuniqueid',
        'a.nas_id',
        'a.framedipaddress',
        'a.fup_applied_at'
      )
      .orderBy('a.radacctid')
  }

  /** The tenant's NAS of these sessions, as the CoA client needs them. */
  async #nasEntries(sessions: SessionTarget[]): Promise<Map<number, NasEntry>> {
    const ids = [...new Set(sessions.map((session) => session.nasId))].filter(
      (id): id is number => id !== null
    )
    const { tenant } = tenantContext.require()
    const rows = await Nas.query().where('tenant_id', tenant.id).whereIn('id', ids)
    return new Map(rows.map((row) => [row.id, row.toEntry()]))
  }
}

/** A session slowed down by FUP keeps a reduced rate: the package's new FUP rate. */
function rateFor(session: SessionTarget, action: SessionAction & { kind: 'rate-limit' }) {
  return session.fupApplied && action.fupRateLimit ? action.fupRateLimit : action.rateLimit
}

function toTarget(row: Record<string, unknown>): SessionTarget {
  return {
    username: String(row.username),
    acctSessionId: String(row.acctsessionid),
    acctUniqueId: String(row.acctuniqueid),
    nasId: row.nas_id === null || row.nas_id === undefined ? null : Number(row.nas_id),
    framedIpAddress: row.framedipaddress ? String(row.framedipaddress) : null,
    fupApplied: row.fup_applied_at !== null && row.fup_applied_at !== undefined,
  }
}
