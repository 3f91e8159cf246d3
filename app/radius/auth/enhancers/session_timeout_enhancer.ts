import { checkNumber } from '../../users/auth_profile.js'
import { Check, Reply as ReplyName } from '../../users/attribute_names.js'
import type { AuthContext } from '../auth_context.js'
import type { ReplyEnhancer } from '../checker.js'
import type { Reply } from '../reply.js'

function applySessionTimeout(reply: Reply, limits: number[]): void {
  if (limits.length > 0) reply.set(ReplyName.SessionTimeout, Math.max(1, Math.min(...limits)))
}

/**
 * Session-Timeout = the smallest of the stored Session-Timeout, the validity left and the time
 * quota left, so the NAS itself ends the session on time (rather than Max-All-Session in the
 * reply, which old RouterOS mishandles, or a cron job).
 */
export class SessionTimeoutEnhancer implements ReplyEnhancer {
  enhance(context: AuthContext, reply: Reply): void | Promise<void> {
    const limits: number[] = []
    const stored = reply.number(ReplyName.SessionTimeout)
    if (stored !== undefined && stored > 0) limits.push(stored)
    if (context.validityEnd) {
      limits.push(Math.ceil((context.validityEnd.getTime() - context.now.getTime()) / 1000))
    }
    const timeQuota = context.isolated ? undefined : checkNumber(context.profile, Check.TimeQuota)
    if (timeQuota === undefined) return applySessionTimeout(reply, limits)
    return context.usage().then((usage) => {
      limits.push(timeQuota - usage.sessionTime)
      applySessionTimeout(reply, limits)
    })
  }
}
