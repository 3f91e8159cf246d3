/*
 * What happens to one datagram: NAS registry → verify → duplicate cache → Status-Server /
 * authorizer / accounting recorder (inside the tenant's scope) → reply. Every failure is a
 * counted drop: a NAS retransmits what got no answer (RFC 2865 §2.5).
 */
import type { RemoteInfo } from 'node:dgram'
import type Tenant from '#models/central/tenant'
import { TenantStatus } from '#enums/tenant_status'
import {
  decodeRequest,
  encodeResponse,
  peekHeader,
  RadiusCode,
  RadiusCodecError,
  type DecodedPacket,
  type OutgoingAttribute,
} from '../codec/index.js'
import type { NasRegistry, RoutedNas } from '../nas_registry.js'
import type {
  AccountingRecorder,
  Authorizer,
  AuthResult,
  NasEntry,
  RadiusRequest,
} from '../types.js'
import type { DuplicateCache } from './duplicate_cache.js'
import {
  OPTIONAL_MESSAGE_AUTHENTICATOR,
  REQUIRE_MESSAGE_AUTHENTICATOR,
  verifyShared,
} from './nas_verification.js'
import type { DropReason, RadiusMetrics } from './radius_metrics.js'
import type { RateLimitedLog } from './rate_limited_log.js'
import type { Endpoint } from './udp_listener.js'

/** The parts of the registry the server uses. */
export type NasRouter = Pick<NasRegistry, 'start' | 'stop' | 'lookup' | 'lookupMiss' | 'markSeen'>

/** Runs `work` bound to a tenant (tenancy.run). */
export type TenantScopeRunner = <T>(tenant: Tenant, work: () => Promise<T>) => Promise<T>

/** What requests are routed and answered with. */
export interface HandlerOptions {
  registry: NasRouter
  authorizer: Authorizer
  recorder: AccountingRecorder
  runInTenant: TenantScopeRunner
  /** Requests processed at once; more are dropped and retransmitted by the NAS. */
  maxInFlight?: number
}

/** A listening socket with its own duplicate cache (auth and accounting never share one). */
export interface Listener {
  endpoint: Endpoint
  cache: DuplicateCache
}

const NO_ATTRIBUTES: readonly OutgoingAttribute[] = Object.freeze([])
const INACTIVE_TENANT_REJECT: AuthResult = Object.freeze({ accept: false, attributes: [] })

/** Handles datagrams for one server process, counting everything in `metrics`. */
export class PacketHandler {
  #options: HandlerOptions
  #metrics: RadiusMetrics
  #log: RateLimitedLog
  #maxInFlight: number
  #onSent = (error: Error | null) => {
    if (!error) return
    this.#metrics.replyErrors++
    this.#log.warn('send', 'could not send a reply: %s', error.message)
  }

  constructor(options: HandlerOptions, metrics: RadiusMetrics, log: RateLimitedLog) {
    this.#options = options
    this.#metrics = metrics
    this.#log = log
    this.#maxInFlight = options.maxInFlight ?? 4096
  }

  /** Handles one datagram; never rejects (unexpected failures are counted and logged). */
  handle(datagram: Buffer, source: RemoteInfo, listener: Listener): void {
    this.#metrics.received++
    this.#receive(datagram, source, listener).catch((error) => {
      this.#metrics.internalErrors++
      this.#log.error('receive', error, 'failure handling a packet from %s', source.address)
    })
  }

  #drop(reason: DropReason): void {
    this.#metrics.dropped[reason]++
  }

  async #receive(datagram: Buffer, source: RemoteInfo, listener: Listener): Promise<void> {
    let header
    try {
      header = peekHeader(datagram)
    } catch (error) {
      return this.#drop((error as RadiusCodecError).code)
    }
    const code = header.code
    const service = listener.endpoint.service
    const requestCode = service === 'auth' ? RadiusCode.AccessRequest : RadiusCode.AccountingRequest
    if (code !== requestCode && code !== RadiusCode.StatusServer) return this.#drop('E_WRONG_PORT')

    const registry = this.#options.registry
    const routes = registry.lookup(source.address) ?? (await registry.lookupMiss(source.address))
    if (routes === undefined) {
      this.#log.warn('unknown', 'dropping RADIUS from unknown source %s', source.address)
      return this.#drop('E_NAS_UNKNOWN')
    }
    let route: RoutedNas = routes[0]
    let packet: DecodedPacket
    try {
      if (routes.length === 1) {
        const { secret, requireMessageAuthenticator } = route.nas
        const options = requireMessageAuthenticator
          ? REQUIRE_MESSAGE_AUTHENTICATOR
          : OPTIONAL_MESSAGE_AUTHENTICATOR
        packet = decodeRequest(datagram, secret, options)
      } else {
        const verified = verifyShared(routes, datagram, header.length)
        if (!verified) return this.#drop('E_NAS_UNVERIFIED')
        ;({ route, packet } = verified)
      }
    } catch (error) {
      return this.#undecodable(error, source, route.nas)
    }
    registry.markSeen(route.nas)

    // RFC 5997 §3: answered statelessly, so not worth a cache entry.
    if (code === RadiusCode.StatusServer) {
      this.#metrics.statusServer++
      const reply = service === 'auth' ? RadiusCode.AccessAccept : RadiusCode.AccountingResponse
      return this.#reply(listener, source, packet, route.nas, reply, NO_ATTRIBUTES, undefined)
    }

    const { authenticator, identifier } = packet
    const entry = listener.cache.enter(
      source.address,
      source.port,
      identifier,
      authenticator,
      Date.now()
    )
    if (listener.cache.hits(entry) > 0) return this.#duplicate(listener, source, entry)
    if (this.#metrics.inFlight >= this.#maxInFlight) {
      listener.cache.abandon(entry)
      return this.#drop('E_OVERLOADED')
    }

    const request: RadiusRequest = {
      packet,
      nas: route.nas,
      tenant: route.tenant,
      source,
      receivedAt: new Date(),
    }
    this.#metrics.inFlight++
    try {
      if (code === RadiusCode.AccessRequest) await this.#access(request, listener, entry)
      else await this.#accounting(request, listener, entry)
    } finally {
      this.#metrics.inFlight--
    }
  }

  #undecodable(error: unknown, source: RemoteInfo, nas: NasEntry): void {
    if (!(error instanceof RadiusCodecError)) {
      this.#metrics.internalErrors++
      this.#log.error('decode', error, 'decoder failure on a packet from %s', source.address)
      return
    }
    const message = 'dropping packet from %s (NAS %s): %s'
    this.#log.warn(error.code, message, source.address, nas.name, error.message)
    this.#drop(error.code)
  }

  /** RFC 5080 §2.2.2: resend the cached reply; drop while the first copy is in flight. */
  #duplicate(listener: Listener, source: RemoteInfo, entry: number): void {
    const reply = listener.cache.reply(entry)
    if (reply === null) {
      this.#metrics.duplicatesInFlight++
      return
    }
    this.#metrics.duplicatesResent++
    listener.endpoint.socket.send(reply, source.port, source.address, this.#onSent)
  }

  async #access(request: RadiusRequest, listener: Listener, entry: number): Promise<void> {
    this.#metrics.accessRequests++
    const { tenant, nas } = request
    const authorizer = this.#options.authorizer
    let result: AuthResult
    try {
      // The authorizer rejects (and logs) the users of an inactive tenant itself.
      result = await this.#options.runInTenant(tenant, () => authorizer.authorize(request))
    } catch (error) {
      this.#metrics.authErrors++
      listener.cache.abandon(entry)
      this.#log.error('authorize', error, 'authorizing a request from NAS %s failed', nas.name)
      return
    }
    if (tenant.status !== TenantStatus.Active) {
      this.#metrics.tenantInactiveRejects++
      if (result.accept) {
        this.#log.warn('inactive', 'authorizer accepted a user of inactive %s', tenant.slug)
        result = INACTIVE_TENANT_REJECT
      }
    }
    if (result.accept) this.#metrics.accessAccepts++
    else this.#metrics.accessRejects++
    const code = result.accept ? RadiusCode.AccessAccept : RadiusCode.AccessReject
    this.#reply(listener, request.source, request.packet, nas, code, result.attributes, entry)
  }

  async #accounting(request: RadiusRequest, listener: Listener, entry: number): Promise<void> {
    this.#metrics.accountingRequests++
    const { tenant, nas } = request
    const recorder = this.#options.recorder
    try {
      // RFC 2866 §4.1: answer only once the record is stored; a suspended tenant's too.
      await this.#options.runInTenant(tenant, () => recorder.record(request))
    } catch (error) {
      this.#metrics.accountingErrors++
      listener.cache.abandon(entry)
      this.#log.error('record', error, 'storing accounting from NAS %s failed', nas.name)
      return
    }
    this.#metrics.accountingResponses++
    const code = RadiusCode.AccountingResponse
    this.#reply(listener, request.source, request.packet, nas, code, NO_ATTRIBUTES, entry)
  }

  #reply(
    listener: Listener,
    destination: RadiusRequest['source'],
    packet: DecodedPacket,
    nas: NasEntry,
    code: RadiusCode,
    attributes: readonly OutgoingAttribute[],
    entry: number | undefined
  ): void {
    let reply: Buffer
    try {
      // Message-Authenticator goes first in every Access-Accept/Reject (BlastRADIUS).
      reply = encodeResponse(packet, { code, secret: nas.secret, attributes })
    } catch (error) {
      this.#metrics.replyErrors++
      if (entry !== undefined) listener.cache.abandon(entry)
      this.#log.error('encode', error, 'cannot encode the reply to NAS %s', nas.name)
      return
    }
    if (entry !== undefined) listener.cache.complete(entry, reply, Date.now())
    listener.endpoint.socket.send(reply, destination.port, destination.address, this.#onSent)
  }
}
