import type { AccountingHandler, AccountingOutcome } from './accounting_handler.js'
import type { AccountingRecord } from './accounting_record.js'
import { upsertSession } from './radacct_writer.js'

/** Acct-Status-Type Start (1): opens the session, or gives an early Interim/Stop its start. */
export class StartHandler implements AccountingHandler {
  readonly statusTypes = [1]

  async handle(record: AccountingRecord): Promise<AccountingOutcome> {
    await upsertSession('start', record)
    return { event: 'session.started' }
  }
}
