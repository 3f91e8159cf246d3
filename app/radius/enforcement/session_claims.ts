/*
 * Once-per-session guards on radacct (columns of ours, migration 0003): a conditional UPDATE
 * claims an action atomically, so concurrent interim updates (or several RADIUS servers) send
 * a CoA only once. A claim whose CoA failed is released so the next interim tries again.
 */
import { toSqlTime } from '../sql/sql_time.js'
import { tenantDb } from '../sql/tenant_db.js'

/** A Disconnect-ACK older than this, with the session still reporting, is sent again. */
export const DISCONNECT_RETRY_SECONDS = 60

async function claim(
  acctUniqueId: string,
  column: 'fup_applied_at' | 'disconnect_requested_at',
  at: Date,
  retryBefore: Date | null
): Promise<boolean> {
  const { client } = tenantDb()
  const query = client
    .from('radacct')
    .where('acctuniqueid', acctUniqueId)
    .whereNull('acctstoptime')
    .where((open) => {
      open.whereNull(column)
      if (retryBefore) open.orWhere(column, '<', toSqlTime(retryBefore))
    })
  return Number(await query.update({ [column]: toSqlTime(at) })) === 1
}

async function release(acctUniqueId: string, column: 'fup_applied_at' | 'disconnect_requested_at') {
  await tenantDb()
    .client.from('radacct')
    .where('acctuniqueid', acctUniqueId)
    .update({ [column]: null })
}

/** Claims the FUP rate change of an open session; false when it was already applied. */
export function claimFup(acctUniqueId: string, at: Date): Promise<boolean> {
  return claim(acctUniqueId, 'fup_applied_at', at, null)
}

/** Lets the next interim try the FUP rate change again. */
export function releaseFup(acctUniqueId: string): Promise<void> {
  return release(acctUniqueId, 'fup_applied_at')
}

/** Claims a Disconnect of an open session; false when one was sent less than a minute ago. */
export function claimDisconnect(acctUniqueId: string, at: Date): Promise<boolean> {
  const retryBefore = new Date(at.getTime() - DISCONNECT_RETRY_SECONDS * 1000)
  return claim(acctUniqueId, 'disconnect_requested_at', at, retryBefore)
}

/** Lets the next interim (or sweep) send the Disconnect again. */
export function releaseDisconnect(acctUniqueId: string): Promise<void> {
  return release(acctUniqueId, 'disconnect_requested_at')
}
