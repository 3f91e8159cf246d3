/*
 * radius_enforcement_log: every CoA / Disconnect sent, the NAS's answer, and the accounting
 * packet that confirmed it afterwards (operators report Disconnect-ACKs with the user still
 * online, RADIUS.md: only the following Stop proves it).
 */
import { tenantContext } from '#tenancy/tenant_context'
import type { EnforcementAction } from '../radius_events.js'
import { driverQuery } from '../sql/driver_sql.js'
import { GroupCommit } from '../sql/group_commit.js'
import { fromSqlTime, toSqlTime } from '../sql/sql_time.js'
import { tenantDb } from '../sql/tenant_db.js'

/** The NAS's answer: ACK, NAK, no answer after the retries, or an error before sending. */
export type EnforcementResult = 'ack' | 'nak' | 'timeout' | 'error'

/**
 * What followed an acknowledged action: the session's Stop, an Interim (for a rate change) or,
 * after a Disconnect-ACK, an Interim showing the session still online.
 */
export type Confirmation = 'stop' | 'interim' | 'still-online'

/** One action as logged. */
export interface EnforcementEntry {
  acctUniqueId: string
  acctSessionId: string
  username: string
  nasId: number | null
  action: EnforcementAction
  reason: string
  result: EnforcementResult
  errorCause?: number | null
  error?: string | null
  at: Date
}

/** An acknowledged action not confirmed yet. */
export interface PendingAction {
  id: number
  action: EnforcementAction
  reason: string
  createdAt: Date
}

/** The pending actions of each session of `ids` (one statement), in the order of `ids`. */
async function readPending(connectionName: string, ids: string[]): Promise<PendingAction[][]> {
  const rows = await driverQuery<Record<string, any>>(
    connectionName,
    `SELECT acctuniqueid, id, action, reason, created_at FROM radius_enforcement_log
      WHERE acctuniqueid IN (${ids.map(() => '?').join(', ')}) AND result = 'ack'
      AND confirmed_at IS NULL ORDER BY id`,
    ids
  )
  const bySession = new Map<string, PendingAction[]>()
  for (const row of rows) {
    const action: PendingAction = {
      id: Number(row.id),
      action: row.action,
      reason: row.reason,
      createdAt: fromSqlTime(row.created_at)!,
    }
    const actions = bySession.get(row.acctuniqueid)
    if (actions) actions.push(action)
    else bySession.set(row.acctuniqueid, [action])
  }
  return ids.map((id) => bySession.get(id) ?? [])
}

const pendingLookups = new GroupCommit<string, PendingAction[]>(readPending, { lingerMs: 100 })

/** The log of the bound tenant. */
export class EnforcementLog {
  /** Appends one action. */
  async record(entry: EnforcementEntry): Promise<void> {
    await tenantDb()
      .client.table('radius_enforcement_log')
      .insert({
        acctuniqueid: entry.acctUniqueId,
        acctsessionid: entry.acctSessionId.slice(0, 64),
        username: entry.username.slice(0, 64),
        nas_id: entry.nasId,
        action: entry.action,
        reason: entry.reason.slice(0, 255),
        result: entry.result,
        error_cause: entry.errorCause ?? null,
        error: entry.error?.slice(0, 255) ?? null,
        created_at: toSqlTime(entry.at),
      })
  }

  /** Acknowledged, unconfirmed actions on the session `acctUniqueId`. */
  async pending(acctUniqueId: string): Promise<PendingAction[]> {
    const [actions] = await readPending(tenantContext.require().connectionName, [acctUniqueId])
    return actions
  }

  /**
   * The same, for the accounting path (every Stop asks, after its reply): the lookups of a
   * tenant's packets of a tenth of a second share one statement.
   */
  pendingGrouped(acctUniqueId: string): Promise<PendingAction[]> {
    return pendingLookups.submit(tenantContext.require().connectionName, acctUniqueId)
  }

  /** Marks actions confirmed by the accounting packet received `at`. */
  async confirm(ids: number[], confirmation: Confirmation, at: Date): Promise<void> {
    if (ids.length === 0) return
    await tenantDb()
      .client.from('radius_enforcement_log')
      .whereIn('id', ids)
      .update({ confirmation, confirmed_at: toSqlTime(at) })
  }
}
