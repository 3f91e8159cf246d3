/*
 * Contracts between the RADIUS server (sockets, NAS routing, duplicates) and the AAA logic
 * (authorization pipeline, accounting, enforcement). Each side depends only on this file.
 */
import type Tenant from '#models/central/tenant'
import type { DecodedPacket, OutgoingAttribute } from './codec/index.js'

/** A NAS as the server knows it: loaded from the central `nas` table, secret decrypted. */
export interface NasEntry {
  id: number
  tenantId: number
  name: string
  type: 'mikrotik' | 'unifi' | 'openwrt' | 'other'
  ipAddress: string | null
  identifier: string | null
  secret: string
  coaPort: number
  requireMessageAuthenticator: boolean
}

/** One verified request, routed to its NAS and tenant. */
export interface RadiusRequest {
  packet: DecodedPacket
  nas: NasEntry
  tenant: Tenant
  source: { address: string; port: number }
  receivedAt: Date
}

/** The answer to an Access-Request. `reason` is human-readable and stored in radpostauth. */
export interface AuthResult {
  accept: boolean
  attributes: OutgoingAttribute[]
  reason?: string
}

/** Decides Access-Requests. Runs inside the tenant's scope (tenancy.run). */
export interface Authorizer {
  authorize(request: RadiusRequest): Promise<AuthResult>
  /** Resolves once what the decisions so far write after their replies is written. */
  settled?(): Promise<void>
}

/**
 * Stores Accounting-Requests. Resolves only once the record is stored; throws when it could not
 * be (the server then sends no reply, so the NAS retransmits and nothing is lost).
 */
export interface AccountingRecorder {
  record(request: RadiusRequest): Promise<void>
  /** Resolves once the work that follows the replies so far (enforcement) has finished. */
  settled?(): Promise<void>
}

/** Identifies a live session the way RouterOS needs it for CoA/Disconnect. */
export interface SessionRef {
  nas: NasEntry
  username: string
  acctSessionId: string
  framedIpAddress?: string | null
}

/** Outcome of a CoA/Disconnect exchange (RFC 5176). */
export interface CoaResult {
  acknowledged: boolean
  /** Error-Cause (RFC 5176 §3.5) of a NAK, when given. */
  errorCause?: number
  /** Set when no answer came after all retries. */
  timedOut?: boolean
}

/** Sends Disconnect-Request / CoA-Request to a NAS. */
export interface CoaSender {
  disconnect(session: SessionRef): Promise<CoaResult>
  changeAuthorization(session: SessionRef, attributes: OutgoingAttribute[]): Promise<CoaResult>
}
