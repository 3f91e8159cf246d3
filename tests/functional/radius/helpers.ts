/*
 * Helpers of the RADIUS functional tests: a NAS entry, requests encoded and decoded by our codec
 * (as the server would hand them over), rows written straight into a tenant's RADIUS tables, and
 * a CoaSender double that records what it was asked to send.
 */
import db from '@adonisjs/lucid/services/db'
import tenancy from '#tenancy/main'
import { statementGroupOf } from '#radius/sql/shared_statements'
import type Tenant from '#models/central/tenant'
import {
  decodeRequest,
  encodeRequest,
  RadiusCode,
  type OutgoingAttribute,
  type OutgoingValue,
} from '#radius/codec/index'
import type { CoaResult, CoaSender, NasEntry, RadiusRequest, SessionRef } from '#radius/types'

/** The shared secret of the test NAS. */
export const SECRET = 'testing123'

/** A MikroTik NAS of `tenant`. */
export function nasOf(tenant: Tenant, overrides: Partial<NasEntry> = {}): NasEntry {
  return {
    id: 7,
    tenantId: tenant.id,
    name: 'hap-ac2',
    type: 'mikrotik',
    ipAddress: '10.5.0.1',
    identifier: null,
    secret: SECRET,
    coaPort: 3799,
    requireMessageAuthenticator: false,
    ...overrides,
  }
}

let identifier = 0

/** A request as the server hands it to the AAA layer: encoded, then decoded and verified. */
export function requestOf(
  tenant: Tenant,
  code: RadiusCode,
  attributes: OutgoingAttribute[],
  options: { nas?: NasEntry; receivedAt?: Date; authenticator?: Buffer } = {}
): RadiusRequest {
  identifier = (identifier + 1) % 256
  const bytes = encodeRequest({
    code,
    identifier,
    secret: SECRET,
    attributes,
    ...(options.authenticator ? { authenticator: options.authenticator } : {}),
  })
  return {
    packet: decodeRequest(bytes, SECRET),
    nas: options.nas ?? nasOf(tenant),
    tenant,
    source: { address: '10.5.0.1', port: 40000 },
    receivedAt: options.receivedAt ?? new Date(),
  }
}

/** A MikroTik hotspot PAP login. */
export function hotspotLogin(
  tenant: Tenant,
  username: string,
  password: string,
  mac = 'AA:BB:CC:DD:EE:01'
) {
  return requestOf(tenant, RadiusCode.AccessRequest, [
    ['User-Name', username],
    ['User-Password', password],
    ['Service-Type', 'Login-User'],
    ['Called-Station-Id', 'hotspot1'],
    ['Calling-Station-Id', mac],
    ['NAS-IP-Address', '10.5.0.1'],
  ])
}

/** A MikroTik PPPoE PAP login. */
export function pppoeLogin(
  tenant: Tenant,
  username: string,
  password: string,
  mac = 'AA:BB:CC:DD:EE:02'
) {
  return requestOf(tenant, RadiusCode.AccessRequest, [
    ['User-Name', username],
    ['User-Password', password],
    ['Service-Type', 'Framed-User'],
    ['Framed-Protocol', 'PPP'],
    ['Called-Station-Id', 'pppoe-in'],
    ['Calling-Station-Id', mac],
    ['NAS-IP-Address', '10.5.0.1'],
  ])
}

/** Accounting attributes of one session. */
export interface AcctSession {
  username: string
  sessionId: string
  mac?: string
  framedIp?: string
}

/** An Accounting-Request for `session` with counters (octets as totals, split into Gigawords). */
export function accountingOf(
  tenant: Tenant,
  session: AcctSession,
  status: 'Start' | 'Interim-Update' | 'Stop' | 'Accounting-On' | 'Accounting-Off',
  counters: { time?: number; input?: number; output?: number; cause?: string; delay?: number } = {},
  options: { nas?: NasEntry; receivedAt?: Date } = {}
): RadiusRequest {
  const attributes: [string, OutgoingValue][] = [
    ['Acct-Status-Type', status],
    ['NAS-IP-Address', '10.5.0.1'],
  ]
  if (status !== 'Accounting-On' && status !== 'Accounting-Off') {
    const input = counters.input ?? 0
    const output = counters.output ?? 0
    attributes.push(
      ['User-Name', session.username],
      ['Acct-Session-Id', session.sessionId],
      ['NAS-Port', 15728641],
      ['NAS-Port-Id', 'bridge-hotspot'],
      ['Calling-Station-Id', session.mac ?? 'AA:BB:CC:DD:EE:01'],
      ['Framed-IP-Address', session.framedIp ?? '10.10.0.5'],
      ['Acct-Session-Time', counters.time ?? 0],
      ['Acct-Input-Octets', input % 2 ** 32],
      ['Acct-Input-Gigawords', Math.floor(input / 2 ** 32)],
      ['Acct-Output-Octets', output % 2 ** 32],
      ['Acct-Output-Gigawords', Math.floor(output / 2 ** 32)]
    )
    if (counters.cause) attributes.push(['Acct-Terminate-Cause', counters.cause])
    if (counters.delay) attributes.push(['Acct-Delay-Time', counters.delay])
  }
  return requestOf(tenant, RadiusCode.AccountingRequest, attributes, options)
}

/** Rows written straight into a tenant table. */
export function insertRows(tenant: Tenant, table: string, rows: Record<string, unknown>[]) {
  return tenancy.run(tenant, () =>
    db.connection(tenancy.connectionName(tenant)).table(table).multiInsert(rows)
  )
}

/** Rows of a tenant table matching `where`. */
export function rowsOf(tenant: Tenant, table: string, where: Record<string, unknown> = {}) {
  const key = table === 'radacct' ? 'radacctid' : 'id'
  return tenancy.run(tenant, () =>
    db.connection(tenancy.connectionName(tenant)).from(table).where(where).orderBy(key)
  )
}

/** Group attributes as radgroupcheck / radgroupreply rows. */
export async function defineGroup(
  tenant: Tenant,
  groupname: string,
  attributes: { check?: [string, string][]; reply?: [string, string][] }
) {
  const rows = (pairs: [string, string][], op: string) =>
    pairs.map(([attribute, value]) => ({ groupname, attribute, op, value }))
  if (attributes.check?.length)
    await insertRows(tenant, 'radgroupcheck', rows(attributes.check, ':='))
  if (attributes.reply?.length)
    await insertRows(tenant, 'radgroupreply', rows(attributes.reply, '='))
}

/** A vendor attribute's value among reply attributes (first match). */
export function vendorValue(attributes: readonly OutgoingAttribute[], name: string) {
  for (const attribute of attributes) {
    if (attribute[0] === 'Vendor-Specific') {
      const [subName, value] = (attribute[2] as readonly (readonly [string, unknown])[])[0]
      if (subName === name) return value
    }
  }
  return undefined
}

/** A standard attribute's value among reply attributes. */
export function replyValue(attributes: readonly OutgoingAttribute[], name: string) {
  return attributes.find((attribute) => attribute[0] === name)?.[1]
}

/** A CoaSender that records every call and answers with `result`. */
export class RecordingCoaSender implements CoaSender {
  readonly calls: {
    kind: 'disconnect' | 'coa'
    session: SessionRef
    attributes?: OutgoingAttribute[]
  }[] = []
  result: CoaResult = { acknowledged: true }

  async disconnect(session: SessionRef): Promise<CoaResult> {
    this.calls.push({ kind: 'disconnect', session })
    return this.result
  }

  async changeAuthorization(
    session: SessionRef,
    attributes: OutgoingAttribute[]
  ): Promise<CoaResult> {
    this.calls.push({ kind: 'coa', session, attributes })
    return this.result
  }
}

/** A DATETIME as read back (a Date from MySQL, UTC text from SQLite). */
export function asDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(`${String(value).replace(' ', 'T')}Z`)
}

let sessionNumber = 0

/** A radacct row for `username` (open unless `stopped`), e.g. to give a user past usage. */
export function insertSession(
  tenant: Tenant,
  username: string,
  values: {
    time?: number
    input?: number
    output?: number
    stopped?: boolean
    nasId?: number
    mac?: string
  } = {}
) {
  sessionNumber++
  return insertRows(tenant, 'radacct', [
    {
      acctsessionid: `s${sessionNumber}`,
      acctuniqueid: `u${sessionNumber}-${username}`.slice(0, 32),
      username,
      nasipaddress: '10.5.0.1',
      acctstarttime: '2026-11-01 00:00:00',
      acctupdatetime: '2026-11-01 00:00:00',
      acctstoptime: values.stopped ? '2026-11-01 01:00:00' : null,
      acctsessiontime: values.time ?? 0,
      acctinputoctets: values.input ?? 0,
      acctoutputoctets: values.output ?? 0,
      callingstationid: values.mac ?? 'AA:BB:CC:DD:EE:99',
      nas_id: values.nasId ?? 7,
    },
  ])
}

/** Whether two tenants' statements can be shared: on one MySQL server with one account. */
export function shareStatements(a: Tenant, b: Tenant): boolean {
  const [first, second] = [a, b].map((tenant) => statementGroupOf(tenancy.connectionName(tenant)))
  return first.schema !== '' && first.key === second.key
}
