import type { AccountingHandler, AccountingOutcome } from './accounting_handler.js'
import type { AccountingRecord } from './accounting_record.js'
import { upsertSession } from './radacct_writer.js'

/** Acct-Status-Type Stop (2): final totals, stop time and Acct-Terminate-Cause. */
export class StopHandler implements AccountingHandler {
  readonly statusTypes = [2]

  async handle(record: AccountingRecord): Promise<AccountingOutcome> {
    await upsertSession('stop', record)
    return { event: 'session.stopped' }
  }
}
