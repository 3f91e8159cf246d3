/*
 * Writes to radacct: one upsert row per packet keyed by acctuniqueid (the rows of a tenant's
 * concurrent packets, of every kind, share one statement: group_commit.ts; on MySQL the tenants
 * of one server also share one transaction, below), so Start, Interim-Update and Stop may arrive
 * in any order, twice, or without the Start, and still give one correct row. A lone
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
import { driverTransaction, driverWrite, type SqlStatement } from '../sql/driver_sql.js'
import { GroupCommit } from '../sql/group_commit.js'
import { sharedWriteConnection, statementGroupOf } from '../sql/shared_statements.js'
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

/*
 * The columns the update part assigns, in an order safe for MySQL (see above) for every kind:
 * each assignment reads only columns assigned after it or itself, or columns its kind leaves
 * alone. One order for all kinds lets the packets of all kinds share one statement.
 */
const ASSIGNED = [
  'acctinterval',
  'acctstoptime',
  'acctterminatecause',
  'acctstarttime',
  'connectinfo_start',
  'acctsessiontime',
  'acctinputoctets',
  'acctoutputoctets',
  'connectinfo_stop',
  'framedipaddress',
  'acctupdatetime',
] as const
type Assigned = (typeof ASSIGNED)[number]

/** The new value of each column `kind` changes, as SQL over the row and the inserted values. */
function assignments(kind: UpsertKind, d: SqlDialect): Partial<Record<Assigned, string>> {
  const ins = (column: string) => d.inserted(column)
  const grow = (column: string) => d.greatest(`COALESCE(${column}, 0)`, ins(column))
  const updated = ins('acctupdatetime')
  const common = {
    framedipaddress: `CASE WHEN framedipaddress = ''
      THEN ${ins('framedipaddress')} ELSE framedipaddress END`,
    acctupdatetime: d.greatest(`COALESCE(acctupdatetime, ${updated})`, updated),
  }
  const counters = {
    acctsessiontime: grow('acctsessiontime'),
    acctinputoctets: grow('acctinputoctets'),
    acctoutputoctets: grow('acctoutputoctets'),
  }

  if (kind === 'start') {
    // The Start knows the exact start time; counters and stop belong to the later packets.
    return {
      acctstarttime: ins('acctstarttime'),
      connectinfo_start: ins('connectinfo_start'),
      ...common,
    }
  }
  if (kind === 'interim') {
    // FreeRADIUS's acctinterval: seconds since the previous update, when this one is newer.
    const previous = 'COALESCE(acctupdatetime, acctstarttime)'
    return {
      acctinterval: `CASE WHEN ${updated} > ${previous}
        THEN ${d.secondsBetween(previous, updated)} ELSE acctinterval END`,
      ...counters,
      ...common,
    }
  }
  // A Stop closes an open session or corrects one our sweep closed; a duplicate changes nothing.
  // The cause is assigned after the stop time: on MySQL it then sees the new one, hence the
  // last test.
  const reopenable = `acctstoptime IS NULL OR acctterminatecause = '${STALE_SESSION}'`
  const stop = ins('acctstoptime')
  return {
    acctstoptime: `CASE WHEN ${reopenable} THEN ${stop} ELSE acctstoptime END`,
    acctterminatecause: `CASE WHEN ${reopenable} OR acctstoptime = ${stop}
      THEN ${ins('acctterminatecause')} ELSE acctterminatecause END`,
    ...counters,
    connectinfo_stop: ins('connectinfo_stop'),
    ...common,
  }
}

/** The update part for rows of `kind`. */
function updateSet(kind: UpsertKind, dialect: SqlDialect): string {
  const set = assignments(kind, dialect)
  return ASSIGNED.filter((column) => set[column] !== undefined)
    .map((column) => `${column} = ${set[column]}`)
    .join(', ')
}

/**
 * The update part for rows of any kind, told apart by what rowValues inserts: only a Stop
 * inserts a stop time, only a Start a non-NULL connectinfo_start.
 */
function mixedUpdateSet(dialect: SqlDialect): string {
  const [stop, start, interim] = (['stop', 'start', 'interim'] as const).map((kind) =>
    assignments(kind, dialect)
  )
  const isStop = `${dialect.inserted('acctstoptime')} IS NOT NULL`
  const isStart = `${dialect.inserted('connectinfo_start')} IS NOT NULL`
  return ASSIGNED.map(
    (column) => `${column} = CASE WHEN ${isStop} THEN ${stop[column] ?? column}
      WHEN ${isStart} THEN ${start[column] ?? column} ELSE ${interim[column] ?? column} END`
  ).join(', ')
}

const ROW = `(${COLUMNS.map(() => '?').join(', ')})`

/** The upsert of `rows` rows (of `kind`, or of any kind) in `dialect`; they apply in order. */
function upsertSql(kind: UpsertKind | 'mixed', dialect: SqlDialect, rows: number): string {
  const set = kind === 'mixed' ? mixedUpdateSet(dialect) : updateSet(kind, dialect)
  return `INSERT INTO radacct (${COLUMNS.join(', ')}) VALUES ${Array(rows).fill(ROW).join(', ')}
    ${dialect.onConflictUpdate('acctuniqueid')} ${set}`
}

/** The UPDATE of an existing session's row for `kind` and the columns its placeholders take. */
function updateStatement(kind: UpsertKind, dialect: SqlDialect) {
  // The assignments name each inserted value by a marker, replaced by a placeholder in order.
  const marked = updateSet(kind, { ...dialect, inserted: (column) => `{{${column}}}` })
  const columns: number[] = []
  const set = marked.replace(/\{\{(\w+)\}\}/g, (_, column: string) => {
    columns.push(COLUMNS.indexOf(column as (typeof COLUMNS)[number]))
    return '?'
  })
  return { sql: `UPDATE radacct SET ${set} WHERE acctuniqueid = ?`, columns }
}

const UNIQUE_ID = COLUMNS.indexOf('acctuniqueid')

/**
 * The UPDATE of several existing sessions' rows for `kind` in one statement (MySQL): the rows
 * are joined on acctuniqueid with a derived table of their values, one SELECT each. By hand
 * (13 Interim-Updates a transaction): 30–40 % less of MariaDB's CPU and half of ours, against
 * an UPDATE each. Its `columns` are the values each row gives, acctuniqueid first.
 */
function joinedUpdate(kind: UpsertKind, dialect: SqlDialect) {
  const columns = [UNIQUE_ID]
  // A derived column per inserted value, named apart from radacct's so bare names stay its own.
  const set = updateSet(kind, {
    ...dialect,
    inserted: (column) => {
      const index = COLUMNS.indexOf(column as (typeof COLUMNS)[number])
      if (!columns.includes(index)) columns.push(index)
      return `v.x_${column}`
    },
  })
  const first = `SELECT ${columns.map((index) => `? AS x_${COLUMNS[index]}`).join(', ')}`
  const next = ` UNION ALL SELECT ${columns.map(() => '?').join(', ')}`
  return {
    columns,
    /** The statement on the radacct of `schema` for `rows` rows. */
    sql: (schema: string, rows: number) =>
      `UPDATE ${schema}radacct JOIN (${first}${next.repeat(rows - 1)}) v
        ON acctuniqueid = v.x_acctuniqueid SET ${set}`,
  }
}

// The UPDATE and single-row upsert texts are fixed (one per kind and dialect): worth a prepared
// statement. Multi-row upserts vary with the batch size and stay plain.
const PREPARED = { prepared: true }
const PLAIN = { prepared: false }

/** A dialect's statements, built once: the fixed texts at once, the others per size or schema. */
class RadacctStatements {
  /** The single-row upsert of each kind. */
  readonly single: Record<UpsertKind, string>
  /** The UPDATE a lone Interim-Update or Stop tries first. */
  readonly update: Record<'interim' | 'stop', ReturnType<typeof updateStatement>>
  /** The UPDATE of several (MySQL: the shared transaction's). */
  readonly joined: Record<'interim' | 'stop', ReturnType<typeof joinedUpdate>>
  readonly #dialect: SqlDialect
  readonly #bySize = { mixed: new Map<number, string>(), start: new Map<number, string>() }
  readonly #updatesBySchema = new Map<string, Record<'interim' | 'stop', string>>()

  constructor(dialect: SqlDialect) {
    this.#dialect = dialect
    this.single = {
      start: upsertSql('start', dialect, 1),
      interim: upsertSql('interim', dialect, 1),
      stop: upsertSql('stop', dialect, 1),
    }
    this.update = {
      interim: updateStatement('interim', dialect),
      stop: updateStatement('stop', dialect),
    }
    this.joined = {
      interim: joinedUpdate('interim', dialect),
      stop: joinedUpdate('stop', dialect),
    }
  }

  /** The upsert of `rows` rows of any kind (`mixed`) or of Starts. */
  upsert(kind: 'mixed' | 'start', rows: number): string {
    const sizes = this.#bySize[kind]
    let sql = sizes.get(rows)
    if (sql === undefined) sizes.set(rows, (sql = upsertSql(kind, this.#dialect, rows)))
    return sql
  }

  /** The UPDATE texts on the radacct of `schema`, built once per tenant of a shared transaction. */
  updatesIn(schema: string): Record<'interim' | 'stop', string> {
    let texts = this.#updatesBySchema.get(schema)
    if (!texts) {
      texts = {
        interim: inSchema(this.update.interim.sql, schema),
        stop: inSchema(this.update.stop.sql, schema),
      }
      this.#updatesBySchema.set(schema, texts)
    }
    return texts
  }

  /**
   * The upsert of `rows` Starts on the radacct of `schema`: not kept, as tenants times sizes
   * would hold megabytes of text.
   */
  startsIn(schema: string, rows: number): string {
    return inSchema(this.upsert('start', rows), schema)
  }
}

/** `sql` on the radacct of `schema` (`` `db`. ``: another tenant's, in a shared transaction). */
function inSchema(sql: string, schema: string): string {
  return sql.replace(/^(INSERT INTO |UPDATE )radacct /, `$1${schema}radacct `)
}

/** The bindings of a row's UPDATE (updateStatement). */
function updateValues(update: ReturnType<typeof updateStatement>, values: readonly SqlValue[]) {
  const params = update.columns.map((column) => values[column])
  params.push(values[UNIQUE_ID])
  return params
}

const byDialect = new Map<SqlDialect['name'], RadacctStatements>()

interface PendingRow {
  connectionName: string
  kind: UpsertKind
  values: SqlValue[]
}

const tenantStatements = new Map<string, RadacctStatements>()

function isUpdate(row: PendingRow): row is PendingRow & { kind: 'interim' | 'stop' } {
  return row.kind !== 'start'
}

/** A tenant's rows of a batch in one upsert; a lone Interim-Update or Stop an UPDATE first. */
async function writeTenant(connectionName: string, rows: readonly PendingRow[]): Promise<void> {
  const statements = tenantStatements.get(connectionName)!
  if (rows.length > 1) {
    const values = rows.flatMap((row) => row.values)
    await driverWrite(connectionName, statements.upsert('mixed', rows.length), values, PLAIN)
    return
  }
  const [{ kind, values }] = rows
  if (kind !== 'start') {
    const update = statements.update[kind]
    const params = updateValues(update, values)
    // No row yet (the Start was lost or is late): the upsert inserts it.
    if ((await driverWrite(connectionName, update.sql, params, PREPARED)) > 0) return
  }
  await driverWrite(connectionName, statements.single[kind], values, PREPARED)
}

// The packets of a tenant, of every kind, share one multi-row upsert. On MySQL those of every
// tenant of one server and account (shared_statements.ts) share one transaction instead, sent
// as one query: at 32 packets in flight over 10 tenants a commit and a round trip cost MariaDB
// more than the write of a row (bench/radius/README.md). There each tenant's Starts are one
// upsert and its Interim-Updates and its Stops one joined UPDATE each (an upsert of an existing
// row is an insert undone, as above); when an UPDATE found fewer rows than it was given (a
// Start not yet stored), its rows are written again alone afterwards. Applying a tenant's
// Starts first gives the same row as any order (see the top of the file). When the
// transaction fails, every row is written again alone (GroupCommit): each write is idempotent.
const upserts = new GroupCommit<PendingRow>(async (_group, rows) => {
  const tenants = Map.groupBy(rows, (row) => row.connectionName)
  if (tenants.size === 1) return writeTenant(rows[0].connectionName, rows)
  const statements: SqlStatement[] = []
  /** The rows each statement updates (none: an upsert). */
  const updating: PendingRow[][] = []
  for (const [connectionName, tenantRows] of tenants) {
    const { schema } = statementGroupOf(connectionName)
    const texts = tenantStatements.get(connectionName)!
    const starts = tenantRows.filter((row) => row.kind === 'start')
    if (starts.length > 0) {
      const values = starts.flatMap((row) => row.values)
      statements.push({ sql: texts.startsIn(schema, starts.length), values })
      updating.push([])
    }
    const updates = tenantRows.filter(isUpdate)
    const joined = new Set<PendingRow>()
    // A session twice (a repeated packet, an Interim-Update with its Stop) keeps one UPDATE a
    // packet, in the order they came.
    if (
      updates.length > 1 &&
      new Set(updates.map((row) => row.values[UNIQUE_ID])).size === updates.length
    ) {
      for (const kind of ['interim', 'stop'] as const) {
        const ofKind = updates.filter((row) => row.kind === kind)
        if (ofKind.length < 2) continue
        const { columns, sql } = texts.joined[kind]
        const values = ofKind.flatMap((row) => columns.map((column) => row.values[column]))
        statements.push({ sql: sql(schema, ofKind.length), values })
        updating.push(ofKind)
        for (const row of ofKind) joined.add(row)
      }
    }
    const single = texts.updatesIn(schema)
    for (const row of updates) {
      if (joined.has(row)) continue
      const values = updateValues(texts.update[row.kind], row.values)
      statements.push({ sql: single[row.kind], values })
      updating.push([row])
    }
  }
  const matched = await driverTransaction(sharedWriteConnection(rows[0].connectionName), statements)
  for (const [at, updated] of updating.entries()) {
    // Some found no row (no Start yet), not told which: each again alone, UPDATE then upsert.
    if (matched[at] < updated.length) {
      for (const row of updated) await writeTenant(row.connectionName, [row])
    }
  }
})

/** Statements and transactions written, and rows written again alone after one failed. */
export function radacctWriteCounters() {
  return { ...upserts.counters }
}

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
    // Never NULL for a Start, always for the others: mixedUpdateSet tells them apart by it.
    connectinfo_start: kind === 'start' ? (record.connectInfo?.slice(0, 128) ?? '') : null,
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
 * the tenant's packets arriving meanwhile (on MySQL in one transaction with those of the other
 * tenants of its server); resolves once it is committed.
 */
export function upsertSession(kind: UpsertKind, record: AccountingRecord): Promise<void> {
  const { connectionName } = tenantContext.require()
  if (!tenantStatements.has(connectionName)) {
    const { dialect } = tenantDb()
    let statements = byDialect.get(dialect.name)
    if (!statements) byDialect.set(dialect.name, (statements = new RadacctStatements(dialect)))
    tenantStatements.set(connectionName, statements)
  }
  return upserts.submit(statementGroupOf(connectionName).key, {
    connectionName,
    kind,
    values: rowValues(kind, record),
  })
}
