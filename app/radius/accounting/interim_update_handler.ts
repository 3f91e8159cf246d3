import type { AccountingHandler, AccountingOutcome } from './accounting_handler.js'
import type { AccountingRecord } from './accounting_record.js'
import { upsertSession } from './radacct_writer.js'

/**
 * Acct-Status-Type Interim-Update (3): the totals so far replace smaller stored ones; creates
 * the session when its Start was lost; never reopens a stopped one.
 */
export class InterimUpdateHandler implements AccountingHandler {
  readonly statusTypes = [3]

  async handle(record: AccountingRecord): Promise<AccountingOutcome> {
    await upsertSession('interim', record)
    return { event: 'session.updated' }
  }
}
