/*
 * The contract of the accounting handlers, one per Acct-Status-Type (toughradius style).
 */
import type { TenantDb } from '../sql/tenant_db.js'
import type { AccountingRecord } from './accounting_record.js'
import type { ClosableSession } from './session_closer.js'

/** What a stored packet changed, for the events published after it is committed. */
export interface AccountingOutcome {
  /** The event of the packet's own session. */
  event?: 'session.started' | 'session.updated' | 'session.stopped'
  /** Other sessions the packet closed (Accounting-On/Off), with their Acct-Terminate-Cause. */
  closed?: { sessions: ClosableSession[]; cause: string }
}

/** Stores the packets of some Acct-Status-Types (RFC 2866 §5.1). */
export interface AccountingHandler {
  /** The Acct-Status-Type values handled. */
  readonly statusTypes: readonly number[]
  /** Stores `record`; resolves once the write is committed. */
  handle(record: AccountingRecord, db: TenantDb): Promise<AccountingOutcome>
}
