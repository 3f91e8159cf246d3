import type { TenantDb } from '../sql/tenant_db.js'
import { toSqlTime } from '../sql/sql_time.js'
import type { AccountingHandler, AccountingOutcome } from './accounting_handler.js'
import type { AccountingRecord } from './accounting_record.js'
import { closeSessions, selectOpenSessions } from './session_closer.js'

/** Acct-Terminate-Cause of the sessions a rebooted NAS left open (RFC 2866 §5.10). */
export const NAS_REBOOT = 'NAS-Reboot'

/**
 * Acct-Status-Type Accounting-On (7) / Accounting-Off (8): the NAS (re)started or is shutting
 * down, so none of its sessions that began before this packet is still running (RFC 2866 §5.1).
 */
export class AccountingOnOffHandler implements AccountingHandler {
  readonly statusTypes = [7, 8]

  async handle(
    record: AccountingRecord,
    { client, dialect }: TenantDb
  ): Promise<AccountingOutcome> {
    const sessions = await client.transaction(async (trx) => {
      const open = await selectOpenSessions(
        trx,
        dialect,
        'nas_id = ? AND (acctstarttime IS NULL OR acctstarttime <= ?)',
        [record.nasId, toSqlTime(record.eventTime)]
      )
      return closeSessions(trx, dialect, open, NAS_REBOOT, { at: record.eventTime })
    })
    return { closed: { sessions, cause: NAS_REBOOT } }
  }
}
