/*
 * Closing open radacct sessions on the server's side, when no Stop will come: the NAS rebooted
 * (Accounting-On/Off) or it went silent (the stuck-session sweep). The session time stays the
 * last one reported: time nobody reported is not charged to the user's time quota.
 */
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import type { SessionCounters } from '../radius_events.js'
import type { SqlDialect } from '../sql/sql_dialect.js'
import { fromSqlTime, toSqlTime } from '../sql/sql_time.js'
import { sqlBindings, type SqlValue } from '../sql/tenant_db.js'

/** An open session about to be (or just) closed. */
export interface ClosableSession {
  radacctid: number
  username: string
  acctSessionId: string
  acctUniqueId: string
  nasId: number | null
  framedIpAddress: string
  callingStationId: string
  lastHeard: Date | null
  /** Measured interim interval (radacct.acctinterval), when known. */
  interval: number | null
  counters: SessionCounters
}

/** When a closed session stopped: a given moment, or the last time the NAS spoke of it. */
export type StopTime = { at: Date } | 'last-heard'

const CHUNK = 500

/** Open sessions matching `where` (SQL over radacct columns, bound with `bindings`). */
export async function selectOpenSessions(
  client: QueryClientContract,
  dialect: SqlDialect,
  where: string,
  bindings: SqlValue[]
): Promise<ClosableSession[]> {
  const result = await client.rawQuery(
    `SELECT radacctid, username, acctsessionid, acctuniqueid, nas_id, framedipaddress,
      callingstationid, acctstarttime, acctupdatetime, acctinterval, acctsessiontime,
      acctinputoctets, acctoutputoctets
      FROM radacct WHERE acctstoptime IS NULL AND (${where}) ORDER BY radacctid`,
    sqlBindings(bindings)
  )
  return dialect.rows<Record<string, unknown>>(result).map((row) => ({
    radacctid: Number(row.radacctid),
    username: String(row.username),
    acctSessionId: String(row.acctsessionid),
    acctUniqueId: String(row.acctuniqueid),
    nasId: row.nas_id === null ? null : Number(row.nas_id),
    framedIpAddress: String(row.framedipaddress),
    callingStationId: String(row.callingstationid),
    lastHeard: fromSqlTime(row.acctupdatetime) ?? fromSqlTime(row.acctstarttime),
    interval: row.acctinterval === null ? null : Number(row.acctinterval),
    counters: {
      sessionTime: Number(row.acctsessiontime ?? 0),
      inputOctets: Number(row.acctinputoctets ?? 0),
      outputOctets: Number(row.acctoutputoctets ?? 0),
    },
  }))
}

/**
 * Closes `sessions` (those still open) with Acct-Terminate-Cause `cause`; returns those it
 * closed, so a Stop that raced in is not reported twice.
 */
export async function closeSessions(
  client: QueryClientContract,
  dialect: SqlDialect,
  sessions: readonly ClosableSession[],
  cause: string,
  stop: StopTime
): Promise<ClosableSession[]> {
  const closed: ClosableSession[] = []
  const stopSql = stop === 'last-heard' ? 'COALESCE(acctupdatetime, acctstarttime)' : '?'
  const stopBindings = stop === 'last-heard' ? [] : [toSqlTime(stop.at)]
  for (let offset = 0; offset < sessions.length; offset += CHUNK) {
    const chunk = sessions.slice(offset, offset + CHUNK)
    const ids = chunk.map((session) => session.radacctid)
    const placeholders = ids.map(() => '?').join(', ')
    const result = await client.rawQuery(
      `UPDATE radacct SET acctstoptime = ${stopSql}, acctterminatecause = ?,
        acctsessiontime = COALESCE(acctsessiontime, 0)
        WHERE radacctid IN (${placeholders}) AND acctstoptime IS NULL`,
      sqlBindings([...stopBindings, cause, ...ids])
    )
    // All closed unless a Stop raced in: then re-read which ones this update closed.
    if (dialect.affected(result) === chunk.length) {
      closed.push(...chunk)
      continue
    }
    const reread = await client.rawQuery(
      `SELECT radacctid FROM radacct
        WHERE radacctid IN (${placeholders}) AND acctterminatecause = ?`,
      sqlBindings([...ids, cause])
    )
    const rows = dialect.rows<{ radacctid: unknown }>(reread)
    const mine = new Set(rows.map((row) => Number(row.radacctid)))
    closed.push(...chunk.filter((session) => mine.has(session.radacctid)))
  }
  return closed
}
