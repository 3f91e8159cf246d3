/*
 * Counters of one server process: plain numbers incremented on the hot path, read by tests and
 * logged periodically.
 */
import type { RadiusErrorCode } from '../codec/index.js'

/** Why a datagram was dropped without a reply. */
export type DropReason =
  | RadiusErrorCode
  /** Source address not in the NAS registry. */
  | 'E_NAS_UNKNOWN'
  /** Several NAS share the source address and no secret verified the packet. */
  | 'E_NAS_UNVERIFIED'
  /** A request code this port does not serve (e.g. Accounting-Request on the auth port). */
  | 'E_WRONG_PORT'
  /** Too many requests in flight; the NAS retransmits. */
  | 'E_OVERLOADED'

/** Every counter the server keeps. */
export interface RadiusMetrics {
  /** Datagrams received on all sockets. */
  received: number
  accessRequests: number
  accessAccepts: number
  accessRejects: number
  /** Access-Requests of a tenant that is not active (always rejected). */
  tenantInactiveRejects: number
  accountingRequests: number
  accountingResponses: number
  statusServer: number
  /** Retransmissions answered from the duplicate cache. */
  duplicatesResent: number
  /** Retransmissions dropped because the first copy was still being processed. */
  duplicatesInFlight: number
  /** Authorizer threw: no reply, the NAS retransmits. */
  authErrors: number
  /** Recorder threw (database away): no reply, the NAS retransmits. */
  accountingErrors: number
  /** A reply could not be encoded or sent. */
  replyErrors: number
  /** Unexpected exceptions (bugs): the packet was dropped, the server kept running. */
  internalErrors: number
  /** Dropped datagrams by reason. */
  dropped: Record<DropReason, number>
  /** Requests being processed now. */
  inFlight: number
}

/** A zeroed counters object. */
export function createMetrics(): RadiusMetrics {
  return {
    received: 0,
    accessRequests: 0,
    accessAccepts: 0,
    accessRejects: 0,
    tenantInactiveRejects: 0,
    accountingRequests: 0,
    accountingResponses: 0,
    statusServer: 0,
    duplicatesResent: 0,
    duplicatesInFlight: 0,
    authErrors: 0,
    accountingErrors: 0,
    replyErrors: 0,
    internalErrors: 0,
    dropped: {
      E_RADIUS_MALFORMED: 0,
      E_RADIUS_UNSUPPORTED_CODE: 0,
      E_RADIUS_BAD_AUTHENTICATOR: 0,
      E_RADIUS_BAD_MESSAGE_AUTHENTICATOR: 0,
      E_RADIUS_MISSING_MESSAGE_AUTHENTICATOR: 0,
      E_RADIUS_RESPONSE_MISMATCH: 0,
      E_RADIUS_ENCODE: 0,
      E_NAS_UNKNOWN: 0,
      E_NAS_UNVERIFIED: 0,
      E_WRONG_PORT: 0,
      E_OVERLOADED: 0,
    },
    inFlight: 0,
  }
}

/** The non-zero counters, flattened for one log line. */
export function metricsSummary(metrics: RadiusMetrics): Record<string, number> {
  const summary: Record<string, number> = {}
  for (const [name, value] of Object.entries(metrics)) {
    if (typeof value === 'number' && value !== 0) summary[name] = value
  }
  for (const [reason, count] of Object.entries(metrics.dropped)) {
    if (count !== 0) summary[`dropped.${reason}`] = count
  }
  return summary
}
