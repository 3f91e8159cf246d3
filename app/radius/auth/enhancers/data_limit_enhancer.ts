import { checkNumber } from '../../users/auth_profile.js'
import { Check, Reply as ReplyName } from '../../users/attribute_names.js'
import type { AuthContext } from '../auth_context.js'
import type { ReplyEnhancer } from '../checker.js'
import type { Reply } from '../reply.js'

const GIGAWORD = 2 ** 32

function applyDataLimit(reply: Reply, limits: number[]): void {
  if (limits.length === 0) return
  const left = Math.max(1, Math.min(...limits))
  reply.set(ReplyName.TotalLimit, left % GIGAWORD)
  reply.set(ReplyName.TotalLimitGigawords, Math.floor(left / GIGAWORD))
}

/**
 * The data quota left as Mikrotik-Total-Limit (low 32 bits) and Mikrotik-Total-Limit-Gigawords
 * (the 4 GiB wraps), or the stored total limit when that is smaller; RouterOS then ends the
 * session itself when it is used up.
 */
export class DataLimitEnhancer implements ReplyEnhancer {
  enhance(context: AuthContext, reply: Reply): void | Promise<void> {
    const quota = context.isolated ? undefined : checkNumber(context.profile, Check.DataQuota)
    const storedLow = reply.number(ReplyName.TotalLimit)
    const storedHigh = reply.number(ReplyName.TotalLimitGigawords)
    const limits: number[] = []
    if (storedLow !== undefined || storedHigh !== undefined) {
      limits.push((storedHigh ?? 0) * GIGAWORD + (storedLow ?? 0))
    }
    if (quota === undefined) return applyDataLimit(reply, limits)
    return context.usage().then((usage) => {
      limits.push(quota - usage.totalOctets)
      applyDataLimit(reply, limits)
    })
  }
}
