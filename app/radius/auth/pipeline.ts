/*
 * THE authorization pipeline, top to bottom. Each checker may end the login with a reason
 * (stored in radpostauth); when none does, the enhancers build the Access-Accept.
 */
import type { OutgoingAttribute } from '../codec/index.js'
import type { AuthContext } from './auth_context.js'
import type { Checker, ReplyEnhancer } from './checker.js'
import { AllowedNasChecker } from './checkers/allowed_nas_checker.js'
import { AccountStatusChecker } from './checkers/account_status_checker.js'
import { MacBindingChecker } from './checkers/mac_binding_checker.js'
import { PasswordChecker } from './checkers/password_checker.js'
import { QuotaChecker } from './checkers/quota_checker.js'
import { ServiceMatchChecker } from './checkers/service_match_checker.js'
import { SimultaneousUseChecker } from './checkers/simultaneous_use_checker.js'
import { TenantActiveChecker } from './checkers/tenant_active_checker.js'
import { UserExistsChecker } from './checkers/user_exists_checker.js'
import { ValidityChecker } from './checkers/validity_checker.js'
import { DataLimitEnhancer } from './enhancers/data_limit_enhancer.js'
import { FupRateEnhancer } from './enhancers/fup_rate_enhancer.js'
import { InterimIntervalEnhancer } from './enhancers/interim_interval_enhancer.js'
import { PasswordReplyEnhancer } from './enhancers/password_reply_enhancer.js'
import { ProfileReplyEnhancer } from './enhancers/profile_reply_enhancer.js'
import { SessionTimeoutEnhancer } from './enhancers/session_timeout_enhancer.js'
import { Reply } from './reply.js'

/** The policy checks, in the order they run. */
export const CHECKERS: readonly Checker[] = [
  new TenantActiveChecker(), // the ISP itself is active (not suspended)
  new UserExistsChecker(), // loads the user's profile: the one hot-path read
  new PasswordChecker(), // PAP / CHAP / MS-CHAPv1 / MS-CHAPv2 against Cleartext-Password
  new AccountStatusChecker(), // disabled, expired, isolir (PPPoE accepted, hotspot refused)
  new ValidityChecker(), // Expiration, or a period starting at the first login
  new MacBindingChecker(), // Calling-Station-Id, bind on first login
  new SimultaneousUseChecker(), // open sessions in radacct, only when limited
  new QuotaChecker(), // time and data used, only when a quota is set
  new ServiceMatchChecker(), // hotspot vs PPPoE
  new AllowedNasChecker(), // the NAS the login came through, when the user is limited to some
]

/** The Access-Accept builders, in the order they run (later ones see earlier ones' work). */
export const ENHANCERS: readonly ReplyEnhancer[] = [
  new ProfileReplyEnhancer(), // radgroupreply, then radreply overriding (or the isolir profile)
  new SessionTimeoutEnhancer(), // min(stored, validity left, time quota left)
  new DataLimitEnhancer(), // Mikrotik-Total-Limit + -Gigawords = data left
  new FupRateEnhancer(), // reduced Mikrotik-Rate-Limit past the FUP threshold
  new InterimIntervalEnhancer(), // Acct-Interim-Interval, 300 s unless stored
  new PasswordReplyEnhancer(), // MS-CHAP2-Success, MPPE keys
]

/** What the pipeline decided. */
export interface Decision {
  accept: boolean
  attributes: OutgoingAttribute[]
  /** Why it was refused, or a note on an unusual accept (isolir). */
  reason: string | null
}

/** Runs the checkers, then (when all pass) the enhancers. */
export async function runPipeline(
  context: AuthContext,
  checkers: readonly Checker[] = CHECKERS,
  enhancers: readonly ReplyEnhancer[] = ENHANCERS
): Promise<Decision> {
  // Most steps are synchronous: awaiting only real promises spares a promise and a microtask
  // turn per step, which is most of what a cached login allocates here.
  for (const checker of checkers) {
    let rejection = checker.check(context)
    if (rejection instanceof Promise) rejection = await rejection
    if (rejection) {
      return { accept: false, attributes: [...rejection.attributes], reason: rejection.reason }
    }
  }
  const reply = new Reply()
  for (const enhancer of enhancers) {
    const enhanced = enhancer.enhance(context, reply)
    if (enhanced instanceof Promise) await enhanced
  }
  return {
    accept: true,
    attributes: reply.toAttributes(),
    reason: context.isolated ? 'Isolated (isolir): accepted into the restricted profile' : null,
  }
}
