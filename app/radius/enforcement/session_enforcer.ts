/*
 * Mid-session enforcement, run after an interim update or a stop is stored: a data quota used
 * up → Disconnect-Request; the FUP threshold crossed → CoA-Request with the reduced
 * Mikrotik-Rate-Limit, once per session. The following accounting packet confirms each action.
 * (Validity ending mid-session is cut by Session-Timeout and the expiry sweep.)
 */
import type { AccountingRecord } from '../accounting/accounting_record.js'
import { radiusEvents, type RadiusEventBus } from '../radius_events.js'
import type { NasEntry } from '../types.js'
import { Check } from '../users/attribute_names.js'
import { checkNumber, checkValue, type AuthProfile } from '../users/auth_profile.js'
import { authProfileCache } from '../users/auth_profile_cache.js'
import { formatBytes } from '../users/quantities.js'
import { RadiusUserRepository } from '../users/radius_user_repository.js'
import type { EnforcementDispatcher, EnforcementTarget } from './enforcement_dispatcher.js'
import { EnforcementLog, type Confirmation } from './enforcement_log.js'
import {
  claimDisconnect,
  claimFup,
  DISCONNECT_RETRY_SECONDS,
  releaseDisconnect,
  releaseFup,
} from './session_claims.js'

/** The data quota and FUP of a profile, undefined when it has neither. */
function limitsOf(profile: AuthProfile) {
  const quota = checkNumber(profile, Check.DataQuota)
  const threshold = checkNumber(profile, Check.FupThreshold)
  const rate = checkValue(profile, Check.FupRateLimit)
  if (quota === undefined && (threshold === undefined || !rate)) return undefined
  return { quota, threshold, rate }
}

/** Where the accounting packet came from. */
export interface EnforcementScope {
  tenantId: number
  nas: NasEntry
}

/** Decides and sends the actions an accounting packet calls for. */
export class SessionEnforcer {
  readonly #dispatcher: EnforcementDispatcher
  readonly #repository: RadiusUserRepository
  readonly #log: EnforcementLog
  readonly #events: RadiusEventBus
  readonly #clock: () => Date

  constructor(
    dispatcher: EnforcementDispatcher,
    options: {
      repository?: RadiusUserRepository
      log?: EnforcementLog
      events?: RadiusEventBus
      clock?: () => Date
    } = {}
  ) {
    this.#dispatcher = dispatcher
    // Interim-Updates read the profile the logins just cached (exact: auth_profile_cache.ts).
    this.#repository =
      options.repository ?? new RadiusUserRepository({ profiles: authProfileCache })
    this.#log = options.log ?? new EnforcementLog()
    this.#events = options.events ?? radiusEvents
    this.#clock = options.clock ?? (() => new Date())
  }

  /** After an Interim-Update: confirms earlier actions, then checks quota and FUP. */
  async afterInterim(record: AccountingRecord, scope: EnforcementScope): Promise<void> {
    // Most users have no quota and no FUP: the cached profile tells so without a version check
    // per Interim. A limit added since is enforced from the next check on (any login of the
    // tenant, or the entry's age, 5 minutes); a profile with limits is read fresh before acting.
    const cached = this.#repository.peekAuthProfile(record.username)
    if (cached === null || (cached && !limitsOf(cached))) return
    const profile = await this.#repository.loadAuthProfile(record.username)
    if (!profile || checkValue(profile, Check.AccountStatus)?.trim().toLowerCase() === 'isolir') {
      return
    }
    const limits = limitsOf(profile)
    if (!limits) return
    const { quota, threshold, rate } = limits

    await this.#confirm(record, scope, 'interim')
    const { totalOctets: used } = await this.#repository.usage(record.username)
    const target = this.#target(record, scope)
    const now = this.#clock()
    if (quota !== undefined && used >= quota) {
      if (!(await claimDisconnect(record.acctUniqueId, now))) return
      const reason = `Data quota used up: ${formatBytes(used)} of ${formatBytes(quota)}`
      const result = await this.#dispatcher.disconnect(target, 'quota-disconnect', reason)
      if (result !== 'ack') await releaseDisconnect(record.acctUniqueId)
      return
    }
    if (threshold !== undefined && rate && used >= threshold) {
      if (!(await claimFup(record.acctUniqueId, now))) return
      const reason = `FUP threshold ${formatBytes(threshold)} passed (${formatBytes(used)} used)`
      const result = await this.#dispatcher.changeRateLimit(target, rate, reason)
      if (result !== 'ack') await releaseFup(record.acctUniqueId)
    }
  }

  /** After a Stop: every acknowledged action on the session is confirmed. */
  async afterStop(record: AccountingRecord, scope: EnforcementScope): Promise<void> {
    await this.#confirm(record, scope, 'stop')
  }

  /**
   * A Stop confirms every action; an Interim confirms a rate change, and shows a session that
   * was acknowledged as disconnected a retry period before this packet to be still online.
   */
  async #confirm(record: AccountingRecord, scope: EnforcementScope, packet: 'interim' | 'stop') {
    const pending = await this.#log.pendingGrouped(record.acctUniqueId)
    const retryBefore = record.eventTime.getTime() - DISCONNECT_RETRY_SECONDS * 1000
    const outcomes = new Map<Confirmation, typeof pending>()
    for (const action of pending) {
      let confirmation: Confirmation | undefined
      if (packet === 'stop') confirmation = 'stop'
      else if (action.action === 'fup-rate-limit') confirmation = 'interim'
      else if (action.createdAt.getTime() < retryBefore) confirmation = 'still-online'
      if (confirmation) outcomes.set(confirmation, [...(outcomes.get(confirmation) ?? []), action])
    }
    const at = this.#clock()
    for (const [confirmation, actions] of outcomes) {
      await this.#log.confirm(
        actions.map((action) => action.id),
        confirmation,
        at
      )
      for (const action of actions) {
        this.#events.emit('enforcement.confirmed', {
          tenantId: scope.tenantId,
          username: record.username,
          nasId: scope.nas.id,
          at,
          sessionId: record.acctSessionId,
          uniqueId: record.acctUniqueId,
          action: action.action,
          reason: action.reason,
          result: confirmation,
        })
      }
    }
  }

  #target(record: AccountingRecord, scope: EnforcementScope): EnforcementTarget {
    return {
      tenantId: scope.tenantId,
      acctUniqueId: record.acctUniqueId,
      session: {
        nas: scope.nas,
        username: record.username,
        acctSessionId: record.acctSessionId,
        framedIpAddress: record.framedIpAddress || null,
      },
    }
  }
}
