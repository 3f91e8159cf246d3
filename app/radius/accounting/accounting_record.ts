/*
 * An Accounting-Request read into the columns of radacct. Counters are totals since the
 * session began (RFC 2866 §5.3, §5.4) with the 4 GiB wraps added back (RFC 2869 §5.1, §5.2).
 */
import type { AttributeValue, DecodedAttributes } from '../codec/index.js'
import { md5 } from '../crypto/md5.js'
import type { RadiusRequest } from '../types.js'
import { stationId } from '../users/mac_address.js'

const GIGAWORD = 2 ** 32

// RFC 2866 §5.1 Acct-Status-Type; the `radius` package decodes the values to these names.
const STATUS_TYPES: Record<string, number> = {
  'Start': 1,
  'Stop': 2,
  'Interim-Update': 3,
  'Alive': 3,
  'Accounting-On': 7,
  'Accounting-Off': 8,
}

/** One Accounting-Request, as radacct stores it. */
export interface AccountingRecord {
  /** Acct-Status-Type as a number (RFC 2866 §5.1); 0 when absent or unknown. */
  statusType: number
  username: string
  acctSessionId: string
  acctUniqueId: string
  nasId: number
  nasIpAddress: string
  nasPortId: string | null
  nasPortType: string | null
  calledStationId: string
  /** Normalised (AA:BB:CC:DD:EE:FF) when it is a MAC. */
  callingStationId: string
  framedIpAddress: string
  framedProtocol: string | null
  serviceType: string | null
  acctAuthentic: string | null
  connectInfo: string | null
  /** Class as FreeRADIUS stores it: 0x-prefixed hex. */
  class: string | null
  terminateCause: string
  sessionTime: number
  inputOctets: number
  outputOctets: number
  /** When it happened: received minus Acct-Delay-Time (RFC 2866 §5.2). */
  eventTime: Date
}

function first(value: AttributeValue | AttributeValue[] | undefined): AttributeValue | undefined {
  return Array.isArray(value) ? value[0] : (value as AttributeValue | undefined)
}

function text(attributes: DecodedAttributes, name: string): string | null {
  const value = first(attributes[name])
  if (value === undefined || value === null) return null
  if (Buffer.isBuffer(value)) return value.toString('utf8')
  return String(value)
}

function count(attributes: DecodedAttributes, name: string): number {
  const value = first(attributes[name])
  return typeof value === 'number' ? value : 0
}

/**
 * FreeRADIUS's default acct_unique policy: MD5 of "User-Name,Acct-Session-Id,NAS-IP-Address,
 * NAS-Identifier,NAS-Port-Id,NAS-Port" (absent ones empty). All are repeated unchanged in the
 * Start, Interim-Update and Stop of one session, so the id is stable across them, and rows
 * written by FreeRADIUS and by us for the same session coincide.
 */
export function acctUniqueId(attributes: DecodedAttributes, nasIpAddress: string): string {
  const parts = [
    text(attributes, 'User-Name') ?? '',
    text(attributes, 'Acct-Session-Id') ?? '',
    nasIpAddress,
    text(attributes, 'NAS-Identifier') ?? '',
    text(attributes, 'NAS-Port-Id') ?? '',
    text(attributes, 'NAS-Port') ?? '',
  ]
  return md5(Buffer.from(parts.join(','), 'utf8')).toString('hex')
}

/** Reads `request` into a record. */
export function readAccountingRecord(request: RadiusRequest): AccountingRecord {
  const { attributes } = request.packet
  const status = first(attributes['Acct-Status-Type'])
  const nasIpAddress = text(attributes, 'NAS-IP-Address') ?? request.source.address
  const classValue = first(attributes['Class'])
  // Event-Timestamp is not used: many routers run without a synchronised clock.
  const delay = count(attributes, 'Acct-Delay-Time')
  return {
    statusType: typeof status === 'number' ? status : (STATUS_TYPES[String(status)] ?? 0),
    username: text(attributes, 'User-Name') ?? '',
    acctSessionId: text(attributes, 'Acct-Session-Id') ?? '',
    acctUniqueId: acctUniqueId(attributes, nasIpAddress),
    nasId: request.nas.id,
    nasIpAddress,
    nasPortId: text(attributes, 'NAS-Port-Id') ?? text(attributes, 'NAS-Port'),
    nasPortType: text(attributes, 'NAS-Port-Type'),
    calledStationId: text(attributes, 'Called-Station-Id') ?? '',
    callingStationId: stationId(text(attributes, 'Calling-Station-Id')) ?? '',
    framedIpAddress: text(attributes, 'Framed-IP-Address') ?? '',
    framedProtocol: text(attributes, 'Framed-Protocol'),
    serviceType: text(attributes, 'Service-Type'),
    acctAuthentic: text(attributes, 'Acct-Authentic'),
    connectInfo: text(attributes, 'Connect-Info'),
    class: Buffer.isBuffer(classValue) ? `0x${classValue.toString('hex')}` : null,
    terminateCause: text(attributes, 'Acct-Terminate-Cause') ?? '',
    sessionTime: count(attributes, 'Acct-Session-Time'),
    inputOctets:
      count(attributes, 'Acct-Input-Gigawords') * GIGAWORD + count(attributes, 'Acct-Input-Octets'),
    outputOctets:
      count(attributes, 'Acct-Output-Gigawords') * GIGAWORD +
      count(attributes, 'Acct-Output-Octets'),
    eventTime: new Date(request.receivedAt.getTime() - delay * 1000),
  }
}
