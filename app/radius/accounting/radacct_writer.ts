/*
 * Writes to radacct: one upsert row per packet keyed by acctuniqueid (the rows of concurrent
 * packets share one statement, see group_commit.ts), so Start, Interim-Update and Stop may
 * arrive in any order, twice, or without the Start, and still give one correct row. A lone
 * Interim-Update or Stop is first tried as a plain UPDATE with the same assignments, as
 * FreeRADIUS does: the upsert of a row that exists inserts into the clustered index and undoes
 * it on the duplicate key, ~30% more of MariaDB's CPU (bench/radius/README.md).
 * Counters and session time only ever grow (they are totals: GREATEST, never a sum), an
 * Interim after the Stop never reopens the session, a duplicate Stop keeps the first stop time.
 *
 * MySQL runs the assignments of ON DUPLICATE KEY UPDATE left to right, each seeing the columns
 * already updated, while SQLite's DO UPDATE sees the old row throughout: every assignment below
 * reads only columns assigned after it (or itself), so both give the same result.
 */
import { tenantContext } from '#tenancy/tenant_context'
import { driverWrite } from '../sql/driver_sql.js'
import { GroupCommit } from '../sql/group_commit.js'
import type { SqlDialect } from '../sql/sql_dialect.js'
import { toSqlTime } from '../sql/sql_time.js'
import { tenantDb, type SqlValue } from '../sql/tenant_db.js'
import type { AccountingRecord } from './accounting_record.js'

/** Which packet the upsert stores. */
export type UpsertKind = 'start' | 'interim' | 'stop'

/** Acct-Terminate-Cause of sessions closed by our sweep (a real Stop may still correct them). */
export const STALE_SESSION = 'Stale-Session'

const COLUMNS = [
  'acctsessionid',
  'acctuniqueid',
  'username',
  'realm',
  'nasipaddress',
  'nasportid',
  'nasporttype',
  'acctstarttime',
  'acctupdatetime',
  'acctstoptime',
  'acctsessiontime',
  'acctauthentic',
  'connectinfo_start',
  'connectinfo_stop',
  'acctinputoctets',
  'acctoutputoctets',
  'calledstationid',
  'callingstationid',
  'acctterminatecause',
  'servicetype',
  'framedprotocol',
  'framedipaddress',
  'class',
  'nas_id',
] as const

/** The update part of the upsert, per kind, in an order safe for MySQL (see above). */
function assignments(kind: UpsertKind, d: SqlDialect): string[] {
  const ins = (column: string) => d.inserted(column)
  const grow = (column: string) =>
    `${column} = ${d.greatest(`COALESCE(${column}, 0)`, ins(column))}`
  const fill = (column: string) =>
    `${column} = CASE WHEN ${column} = '' THEN ${ins(column)} ELSE ${column} END`
  const updated = ins('acctupdatetime')
  const touched = `acctupdatetime = ${d.greatest(`COALESCE(acctupdatetime, ${updated})`, updated)}`
  const counters = [grow('acctsessiontime'), grow('acctinputoctets'), grow('acctoutputoctets')]

  if (kind === 'start') {
    // The Start knows the exact start time; counters and stop belong to the later packets.
    return [
      `acctstarttime = ${ins('acctstarttime')}`,
      `connectinfo_start = ${ins('connectinfo_start')}`,
      fill('framedipaddress'),
      touched,
    ]
  }
  if (kind === 'interim') {
    // FreeRADIUS's acctinterval: seconds since the previous update, when this one is newer.
    const previous = 'COALESCE(acctupdatetime, acctstarttime)'
    return [
      `acctinterval = CASE WHEN ${ins('acctupdatetime')} > ${previous}
        THEN ${d.secondsBetween(previous, ins('acctupdatetime'))} ELSE acctinterval END`,
      ...counters,
      fill('framedipaddress'),
      touched,
    ]
  }
  // A Stop closes an open session or corrects one our sweep closed; a duplicate changes nothing.
  // The cause is assigned second: on MySQL it then sees the new stop time, hence the last test.
  const reopenable = `acctstoptime IS NULL OR acctterminatecause = '${STALE_SESSION}'`
  const stop = ins('acctstoptime')
  return [
    `acctstoptime = CASE WHEN ${reopenable} THEN ${stop} ELSE acctstoptime END`,
    `acctterminatecause = CASE WHEN ${reopenable} OR acctstoptime = ${stop}
      THEN ${ins('acctterminatecause')} ELSE acctterminatecause END`,
    ...counters,
    `connectinfo_stop = ${ins('connectinfo_stop')}`,
    fill('framedipaddress'),
    touched,
  ]
}

const ROW = `(${COLUMNS.map(() => '?').join(', ')})`

/** The upsert of `rows` rows for `kind` in `dialect`; the rows apply in order, one by one. */
function upsertSql(kind: UpsertKind, dialect: SqlDialect, rows: number): string {
  return `INSERT INTO radacct (${COLUMNS.join(', ')}) VALUES ${Array(rows).fill(ROW).join(', ')}
    ${dialect.onConflictUpdate('acctuniqueid')} ${assignments(kind, dialect).join(', ')}`
}

/** The UPDATE of an existing session's row for `kind` and the columns its placeholders take. */
function updateStatement(kind: UpsertKind, dialect: SqlDialect) {
  // The assignments name each inserted value by a marker, replaced by a placeholder in order.
  const marked = assignments(kind, { ...dialect, inserted: (column) => `{{${column}}}` })
  const columns: number[] = []
  const set = marked.join(', ').replace(/\{\{(\w+)\}\}/g, (_, column: string) => {
    columns.push(COLUMNS.indexOf(column as (typeof COLUMNS)[number]))
    return '?'
  })
  return { sql: `UPDATE radacct SET ${set} WHERE acctuniqueid = ?`, columns }
}

const UNIQUE_ID = COLUMNS.indexOf('acctuniqueid')
// The UPDATE and single-row upsert texts are fixed (one per kind and dialect): worth a prepared
// statement. Multi-row upserts vary with the batch size and stay plain.
const PREPARED = { prepared: true }
const PLAIN = { prepared: false }

interface UpsertTarget {
  connectionName: string
  kind: UpsertKind
  dialect: SqlDialect
  /** Interim-Update and Stop only. */
  update?: ReturnType<typeof updateStatement>
}

// The statement texts per dialect, kind and row count: built once, not for every batch.
const statements = new Map<string, string>()

function cachedUpsertSql({ kind, dialect }: UpsertTarget, rows: number): string {
  const key = `${dialect.name} ${kind} ${rows}`
  let sql = statements.get(key)
  if (sql === undefined) statements.set(key, (sql = upsertSql(kind, dialect, rows)))
  return sql
}

// Packets of one kind for one tenant, group-committed as one multi-row upsert.
const targets = new Map<string, UpsertTarget>()
const upserts = new GroupCommit<SqlValue[]>(async (key, rows) => {
  const target = targets.get(key)!
  const { update } = target
  if (rows.length === 1 && update) {
    const [row] = rows
    const values = update.columns.map((column) => row[column])
    values.push(row[UNIQUE_ID])
    // No row yet (the Start was lost or is late): the upsert inserts it.
    if ((await driverWrite(target.connectionName, update.sql, values, PREPARED)) > 0) return
  }
  const sql = cachedUpsertSql(target, rows.length)
  await driverWrite(target.connectionName, sql, rows.flat(), rows.length === 1 ? PREPARED : PLAIN)
})

/** The row `record` inserts when the session has none yet. */
function rowValues(kind: UpsertKind, record: AccountingRecord): SqlValue[] {
  const event = toSqlTime(record.eventTime)
  // Without the Start, the start is the event time minus the session time (RFC 2866 §5.7).
  const start =
    kind === 'start'
      ? event
      : toSqlTime(new Date(record.eventTime.getTime() - record.sessionTime * 1000))
  const values: Record<(typeof COLUMNS)[number], SqlValue> = {
    acctsessionid: record.acctSessionId.slice(0, 64),
    acctuniqueid: record.acctUniqueId,
    username: record.username.slice(0, 64),
    realm: '',
    nasipaddress: record.nasIpAddress,
    nasportid: record.nasPortId?.slice(0, 32) ?? null,
    nasporttype: record.nasPortType?.slice(0, 32) ?? null,
    acctstarttime: start,
    acctupdatetime: event,
    acctstoptime: kind === 'stop' ? event : null,
    acctsessiontime: kind === 'start' ? 0 : record.sessionTime,
    acctauthentic: record.acctAuthentic?.slice(0, 32) ?? null,
    connectinfo_start: kind === 'start' ? (record.connectInfo?.slice(0, 128) ?? null) : null,
    connectinfo_stop: kind === 'stop' ? (record.connectInfo?.slice(0, 128) ?? null) : null,
    acctinputoctets: kind === 'start' ? 0 : record.inputOctets,
    acctoutputoctets: kind === 'start' ? 0 : record.outputOctets,
    calledstationid: record.calledStationId.slice(0, 50),
    callingstationid: record.callingStationId.slice(0, 50),
    acctterminatecause: kind === 'stop' ? record.terminateCause.slice(0, 32) : '',
    servicetype: record.serviceType?.slice(0, 32) ?? null,
    framedprotocol: record.framedProtocol?.slice(0, 32) ?? null,
    framedipaddress: record.framedIpAddress.slice(0, 45),
    class: record.class?.slice(0, 64) ?? null,
    nas_id: record.nasId,
  }
  return COLUMNS.map((column) => values[column])
}

/**
 * Stores one Start / Interim-Update / Stop of the bound tenant, in one statement shared with
 * the packets of the same kind arriving meanwhile; resolves once it is committed.
 */
export function upsertSession(kind: UpsertKind, record: AccountingRecord): Promise<void> {
  const { connectionName } = tenantContext.require()
  const key = `${connectionName}\n${kind}`
  if (!targets.has(key)) {
    const { dialect } = tenantDb()
    const update = kind === 'start' ? undefined : updateStatement(kind, dialect)
    targets.set(key, { connectionName, kind, dialect, ...(update ? { update } : {}) })
  }
  return upserts.submit(key, rowValues(kind, record))
}
