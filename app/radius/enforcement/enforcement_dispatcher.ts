/*
 * Sends one enforcement action through the CoaSender (RFC 5176), logs it with the NAS's answer
 * and publishes it. Used by the interim enforcement and by the expiry sweep.
 */
import logger from '@adonisjs/core/services/logger'
import type { OutgoingAttribute } from '../codec/index.js'
import { radiusEvents, type EnforcementAction, type RadiusEventBus } from '../radius_events.js'
import type { CoaResult, CoaSender, SessionRef } from '../types.js'
import { Reply } from '../users/attribute_names.js'
import { EnforcementLog, type EnforcementResult } from './enforcement_log.js'

const MIKROTIK = 14988

/** The session an action is for. */
export interface EnforcementTarget {
  tenantId: number
  acctUniqueId: string
  session: SessionRef
}

function resultOf(answer: CoaResult): EnforcementResult {
  if (answer.acknowledged) return 'ack'
  return answer.timedOut ? 'timeout' : 'nak'
}

/** Sends, logs and publishes CoA / Disconnect actions. */
export class EnforcementDispatcher {
  readonly #coa: CoaSender
  readonly #log: EnforcementLog
  readonly #events: RadiusEventBus
  readonly #clock: () => Date

  constructor(
    coa: CoaSender,
    options: { log?: EnforcementLog; events?: RadiusEventBus; clock?: () => Date } = {}
  ) {
    this.#coa = coa
    this.#log = options.log ?? new EnforcementLog()
    this.#events = options.events ?? radiusEvents
    this.#clock = options.clock ?? (() => new Date())
  }

  /** Disconnect-Request for the session. */
  disconnect(target: EnforcementTarget, action: EnforcementAction, reason: string) {
    return this.#send(target, action, reason, () => this.#coa.disconnect(target.session))
  }

  /** CoA-Request changing the session's Mikrotik-Rate-Limit. */
  changeRateLimit(target: EnforcementTarget, rateLimit: string, reason: string) {
    const attributes: OutgoingAttribute[] = [
      ['Vendor-Specific', MIKROTIK, [[Reply.RateLimit, rateLimit]]],
    ]
    return this.#send(target, 'fup-rate-limit', reason, () =>
      this.#coa.changeAuthorization(target.session, attributes)
    )
  }

  async #send(
    target: EnforcementTarget,
    action: EnforcementAction,
    reason: string,
    send: () => Promise<CoaResult>
  ): Promise<EnforcementResult> {
    let result: EnforcementResult
    let errorCause: number | null = null
    let error: string | null = null
    try {
      const answer = await send()
      result = resultOf(answer)
      errorCause = answer.errorCause ?? null
    } catch (failure) {
      result = 'error'
      error = failure instanceof Error ? failure.message : String(failure)
      logger.warn({ err: failure }, 'CoA for %s failed', target.session.username)
    }
    const at = this.#clock()
    const { session } = target
    await this.#log.record({
      acctUniqueId: target.acctUniqueId,
      acctSessionId: session.acctSessionId,
      username: session.username,
      nasId: session.nas.id,
      action,
      reason,
      result,
      errorCause,
      error,
      at,
    })
    this.#events.emit('enforcement.requested', {
      tenantId: target.tenantId,
      username: session.username,
      nasId: session.nas.id,
      at,
      sessionId: session.acctSessionId,
      uniqueId: target.acctUniqueId,
      action,
      reason,
      result,
    })
    return result
  }
}
