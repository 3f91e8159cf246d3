/*
 * RFC 5176 client: Disconnect-Request (40) and CoA-Request (43) to a NAS's CoA port, signed with
 * its secret and Message-Authenticator, retransmitted on silence, answers verified.
 */
import { isIPv4, isIPv6 } from 'node:net'
import type { Socket } from 'node:dgram'
import appLogger from '@adonisjs/core/services/logger'
import type { Logger } from '@adonisjs/core/logger'
import {
  decodeResponse,
  encodeRequest,
  rawAttribute,
  RadiusCode,
  RadiusCodecError,
  type DecodedPacket,
  type OutgoingAttribute,
} from '../codec/index.js'
import { openClientSocket } from '../server/udp_listener.js'
import type { CoaResult, CoaSender, SessionRef } from '../types.js'
import { TenantCoaLog, type CoaLog, type CoaLogEntry } from './coa_log.js'

const ERROR_CAUSE = 101

/** Why a CoA could not even be attempted. */
export type CoaErrorCode = 'E_COA_NO_ADDRESS' | 'E_COA_CLOSED'

/** A CoA/Disconnect that could not be sent, with a message an operator can act on. */
export class CoaError extends Error {
  constructor(
    message: string,
    readonly code: CoaErrorCode,
    options?: ErrorOptions
  ) {
    super(message, options)
    this.name = 'CoaError'
  }
}

/** Tunables. */
export interface CoaClientOptions {
  /** Wait per try before retransmitting (RFC 5176 §2.3 leaves it to the client). */
  timeoutMs?: number
  tries?: number
  /** Where exchanges are recorded; null records nothing. */
  log?: CoaLog | null
  logger?: Logger
}

/** Who asked, for the log. */
export interface CoaCallOptions {
  actor?: string
}

interface Pending {
  request: Buffer
  secret: string
  settle: (response: DecodedPacket | undefined) => void
}

/** Identifier space and outstanding requests towards one NAS address and port. */
interface Destination {
  pending: Map<number, Pending>
  inUse: Set<number>
  next: number
  waiters: (() => void)[]
}

/** Sends CoA/Disconnect requests and records every outcome in the tenant's `coa_log`. */
export class CoaClient implements CoaSender {
  #timeoutMs: number
  #tries: number
  #log: CoaLog | null
  #logger: Logger
  #sockets = new Map<'udp4' | 'udp6', Promise<Socket>>()
  #destinations = new Map<string, Destination>()
  #closed = false

  constructor(options: CoaClientOptions = {}) {
    this.#timeoutMs = options.timeoutMs ?? 2000
    this.#tries = options.tries ?? 3
    this.#log = options.log === undefined ? new TenantCoaLog() : options.log
    this.#logger = options.logger ?? appLogger
  }

  /** Ends a session (Disconnect-Request). */
  disconnect(session: SessionRef, options: CoaCallOptions = {}): Promise<CoaResult> {
    return this.#exchange(RadiusCode.DisconnectRequest, session, [], options)
  }

  /** Changes a live session, e.g. its Mikrotik-Rate-Limit (CoA-Request). */
  changeAuthorization(
    session: SessionRef,
    attributes: OutgoingAttribute[],
    options: CoaCallOptions = {}
  ): Promise<CoaResult> {
    return this.#exchange(RadiusCode.CoaRequest, session, attributes, options)
  }

  /** Closes the sockets; requests still waiting end as timed out. */
  async close(): Promise<void> {
    this.#closed = true
    for (const destination of this.#destinations.values()) {
      for (const pending of destination.pending.values()) pending.settle(undefined)
    }
    const sockets = await Promise.allSettled(this.#sockets.values())
    this.#sockets.clear()
    for (const socket of sockets) if (socket.status === 'fulfilled') socket.value.close()
  }

  async #exchange(
    code: RadiusCode,
    session: SessionRef,
    changes: readonly OutgoingAttribute[],
    options: CoaCallOptions
  ): Promise<CoaResult> {
    const started = Date.now()
    const entry: CoaLogEntry = {
      nasId: session.nas.id,
      action: code === RadiusCode.DisconnectRequest ? 'disconnect' : 'coa',
      username: session.username,
      acctSessionId: session.acctSessionId,
      framedIpAddress: session.framedIpAddress ?? null,
      attributes: changes,
      result: 'error',
      errorCause: null,
      attempts: 0,
      actor: options.actor ?? null,
      durationMs: 0,
      at: new Date(started),
    }
    try {
      const response = await this.#send(code, session, changes, entry)
      const result = this.#result(code, response)
      entry.result = result.timedOut ? 'timeout' : result.acknowledged ? 'ack' : 'nak'
      entry.errorCause = result.errorCause ?? null
      return result
    } finally {
      entry.durationMs = Date.now() - started
      await this.#record(session.nas.tenantId, entry)
    }
  }

  #result(code: RadiusCode, response: DecodedPacket | undefined): CoaResult {
    if (!response) return { acknowledged: false, timedOut: true }
    const ack = code === RadiusCode.DisconnectRequest ? RadiusCode.DisconnectAck : RadiusCode.CoaAck
    if (response.code === ack) return { acknowledged: true }
    const cause = rawAttribute(response, ERROR_CAUSE)
    return cause?.length === 4
      ? { acknowledged: false, errorCause: cause.readUInt32BE(0) }
      : { acknowledged: false }
  }

  async #send(
    code: RadiusCode,
    session: SessionRef,
    changes: readonly OutgoingAttribute[],
    entry: CoaLogEntry
  ): Promise<DecodedPacket | undefined> {
    if (this.#closed) throw new CoaError('The CoA client is closed', 'E_COA_CLOSED')
    const { nas } = session
    const address = nas.ipAddress
    if (!address) {
      throw new CoaError(`NAS "${nas.name}" has no IP address to send CoA to`, 'E_COA_NO_ADDRESS')
    }
    const socket = await this.#socket(isIPv6(address) ? 'udp6' : 'udp4')
    const destination = this.#destination(`${address} ${nas.coaPort}`)
    const identifier = await this.#allocate(destination)
    try {
      // RFC 5176 §3 and RouterOS: the session is matched by User-Name + Acct-Session-Id (+ IP).
      const attributes: OutgoingAttribute[] = [
        ['User-Name', session.username],
        ['Acct-Session-Id', session.acctSessionId],
      ]
      if (session.framedIpAddress) attributes.push(['Framed-IP-Address', session.framedIpAddress])
      if (nas.identifier) attributes.push(['NAS-Identifier', nas.identifier])
      else if (isIPv4(address)) attributes.push(['NAS-IP-Address', address])
      attributes.push(...changes)
      const request = encodeRequest({
        code,
        identifier,
        secret: nas.secret,
        attributes,
        messageAuthenticator: true,
      })
      return await new Promise<DecodedPacket | undefined>((resolve) => {
        let timer: NodeJS.Timeout | undefined
        const settle = (response: DecodedPacket | undefined) => {
          clearTimeout(timer)
          destination.pending.delete(identifier)
          resolve(response)
        }
        destination.pending.set(identifier, { request, secret: nas.secret, settle })
        // A retransmission is the same bytes: same Identifier and authenticator (RFC 5080 §2.2.1).
        const attempt = () => {
          if (entry.attempts === this.#tries) return settle(undefined)
          entry.attempts++
          socket.send(request, nas.coaPort, address)
          timer = setTimeout(attempt, this.#timeoutMs)
        }
        attempt()
      })
    } finally {
      this.#release(destination, identifier)
    }
  }

  #onMessage(datagram: Buffer, source: { address: string; port: number }): void {
    if (datagram.length < 20) return
    const pending = this.#destinations
      .get(`${source.address} ${source.port}`)
      ?.pending.get(datagram[1])
    if (!pending) return
    try {
      pending.settle(decodeResponse(datagram, pending.request, pending.secret))
    } catch (error) {
      // Forged or mangled: keep waiting for the real answer.
      const reason = error instanceof RadiusCodecError ? error.message : String(error)
      this.#logger.warn('ignoring a CoA answer from %s: %s', source.address, reason)
    }
  }

  #socket(type: 'udp4' | 'udp6'): Promise<Socket> {
    let socket = this.#sockets.get(type)
    if (!socket) {
      socket = openClientSocket(type).then((opened) => {
        opened.on('message', (datagram, source) => this.#onMessage(datagram, source))
        opened.on('error', (error) => this.#logger.warn('CoA socket error: %s', error.message))
        opened.unref()
        return opened
      })
      this.#sockets.set(type, socket)
      socket.catch(() => this.#sockets.delete(type))
    }
    return socket
  }

  #destination(key: string): Destination {
    let destination = this.#destinations.get(key)
    if (!destination) {
      destination = { pending: new Map(), inUse: new Set(), next: 0, waiters: [] }
      this.#destinations.set(key, destination)
    }
    return destination
  }

  /** A free Identifier towards this destination; waits when all 256 are outstanding. */
  async #allocate(destination: Destination): Promise<number> {
    for (;;) {
      for (let offset = 0; offset < 256; offset++) {
        const identifier = (destination.next + offset) & 0xff
        if (!destination.inUse.has(identifier)) {
          destination.inUse.add(identifier)
          destination.next = (identifier + 1) & 0xff
          return identifier
        }
      }
      await new Promise<void>((resolve) => destination.waiters.push(resolve))
    }
  }

  #release(destination: Destination, identifier: number): void {
    destination.inUse.delete(identifier)
    destination.waiters.shift()?.()
  }

  async #record(tenantId: number, entry: CoaLogEntry): Promise<void> {
    if (!this.#log) return
    try {
      await this.#log.record(tenantId, entry)
    } catch (error) {
      this.#logger.warn({ err: error }, 'could not record a %s in coa_log', entry.action)
    }
  }
}
