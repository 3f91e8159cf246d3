/*
 * The Authorizer the server calls for every Access-Request of a tenant: runs the pipeline,
 * makes the first-login writes and their radpostauth row in one transaction, publishes the
 * outcome. Runs inside the tenant's scope (tenancy.run).
 *
 * Any other decision is answered without waiting for its radpostauth row: the row is the log of
 * a decision already made, group-committed within a second (settled()). A commit with its log
 * flush in every login's path cost a second round trip per login at low load; a crash loses at
 * most the rows of that last second.
 */
import { stringAttribute } from '../codec/index.js'
import { radiusEvents, type RadiusEventBus } from '../radius_events.js'
import { inTenantTransaction } from '../sql/tenant_db.js'
import type { AuthResult, Authorizer, RadiusRequest } from '../types.js'
import { authProfileCache } from '../users/auth_profile_cache.js'
import { formatExpiration } from '../users/expiration.js'
import { stationId } from '../users/mac_address.js'
import {
  postAuthSettled,
  RadiusUserRepository,
  type PostAuthEntry,
} from '../users/radius_user_repository.js'
import { AuthContext } from './auth_context.js'
import type { Checker, ReplyEnhancer } from './checker.js'
import { CHECKERS, ENHANCERS, runPipeline, type Decision } from './pipeline.js'

/** What the authorizer is built from; every part has a production default. */
export interface RadiusAuthorizerOptions {
  repository?: RadiusUserRepository
  events?: RadiusEventBus
  clock?: () => Date
  checkers?: readonly Checker[]
  enhancers?: readonly ReplyEnhancer[]
}

/** Decides Access-Requests with the pipeline of ./pipeline.ts. */
export class RadiusAuthorizer implements Authorizer {
  readonly #repository: RadiusUserRepository
  readonly #events: RadiusEventBus
  readonly #clock: () => Date
  readonly #checkers: readonly Checker[]
  readonly #enhancers: readonly ReplyEnhancer[]

  constructor(options: RadiusAuthorizerOptions = {}) {
    // Profiles from the process's cache (exact: see auth_profile_cache.ts).
    this.#repository =
      options.repository ?? new RadiusUserRepository({ profiles: authProfileCache })
    this.#events = options.events ?? radiusEvents
    this.#clock = options.clock ?? (() => new Date())
    this.#checkers = options.checkers ?? CHECKERS
    this.#enhancers = options.enhancers ?? ENHANCERS
  }

  /** Resolves once the radpostauth rows of the decisions so far are written. */
  settled(): Promise<void> {
    return postAuthSettled()
  }

  /** Resolves once any first-login write is committed (the radpostauth row may follow). */
  async authorize(request: RadiusRequest): Promise<AuthResult> {
    const context = new AuthContext(request, this.#repository, this.#clock())
    const decision = await this.#record(
      context,
      await runPipeline(context, this.#checkers, this.#enhancers)
    )
    this.#events.emit(decision.accept ? 'auth.accepted' : 'auth.rejected', {
      tenantId: request.tenant.id,
      username: context.username,
      nasId: request.nas.id,
      at: context.now,
      reason: decision.reason,
      nasIpAddress: this.#nasIpAddress(request),
      callingStationId: context.mac,
      method: context.method,
    })
    return {
      accept: decision.accept,
      attributes: decision.attributes,
      ...(decision.reason === null ? {} : { reason: decision.reason }),
    }
  }

  #nasIpAddress(request: RadiusRequest): string {
    return stringAttribute(request.packet.attributes, 'NAS-IP-Address') ?? request.source.address
  }

  #entry(context: AuthContext, decision: Decision): PostAuthEntry {
    return {
      username: context.username,
      accept: decision.accept,
      reason: decision.reason,
      at: context.now,
      nasIpAddress: this.#nasIpAddress(context.request),
      callingStationId: context.mac,
    }
  }

  /**
   * Writes radpostauth; for a first accepted login also the binding and the validity start,
   * in one transaction. Losing the race to bind a device turns the accept into a reject.
   */
  async #record(context: AuthContext, decision: Decision): Promise<Decision> {
    const { validity, binding } = context.firstLogin
    if (!decision.accept || (!validity && !binding)) {
      this.#repository.logPostAuth(this.#entry(context, decision))
      return decision
    }
    return inTenantTransaction(undefined, async (trx) => {
      let final = decision
      if (binding) {
        const result = await this.#repository.bindMac(
          trx,
          context.username,
          binding.flagRowId,
          binding.mac
        )
        const others = result.bound ? [] : result.boundMacs.map((value) => stationId(value))
        if (!result.bound && !others.includes(binding.mac)) {
          final = {
            accept: false,
            attributes: [],
            reason: `Device ${binding.mac} is not the bound device (${others.join(', ')})`,
          }
        }
      }
      if (validity && final.accept) {
        await this.#repository.startValidity(
          trx,
          context.username,
          validity.periodRowId,
          formatExpiration(validity.expiration, context.timezone)
        )
      }
      await this.#repository.insertPostAuth(this.#entry(context, final), trx)
      return final
    })
  }
}
