import { checkNumber, checkValue } from '../../users/auth_profile.js'
import { Check, Reply as ReplyName } from '../../users/attribute_names.js'
import type { AuthContext } from '../auth_context.js'
import type { ReplyEnhancer } from '../checker.js'
import type { Reply } from '../reply.js'

/**
 * Fair usage: once the usage passed Rb-Fup-Threshold, a new session starts at the reduced
 * Rb-Fup-Rate-Limit (a running session is slowed down by CoA, see app/radius/enforcement).
 */
export class FupRateEnhancer implements ReplyEnhancer {
  enhance(context: AuthContext, reply: Reply): void | Promise<void> {
    if (context.isolated) return
    const threshold = checkNumber(context.profile, Check.FupThreshold)
    const rate = checkValue(context.profile, Check.FupRateLimit)
    if (threshold === undefined || !rate) return
    return context.usage().then((usage) => {
      if (usage.totalOctets >= threshold) reply.set(ReplyName.RateLimit, rate)
    })
  }
}
