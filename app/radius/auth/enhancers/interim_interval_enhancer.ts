import { Reply as ReplyName } from '../../users/attribute_names.js'
import type { ReplyEnhancer } from '../checker.js'
import type { Reply } from '../reply.js'

/** Interim updates every 5 minutes unless a group or the user sets Acct-Interim-Interval. */
export const DEFAULT_INTERIM_INTERVAL = 300

// RFC 2869 §5.16: the interval SHOULD NOT be smaller than 60 seconds.
const MINIMUM_INTERIM_INTERVAL = 60

/** Acct-Interim-Interval: stored value (at least 60 s) or the default. */
export class InterimIntervalEnhancer implements ReplyEnhancer {
  enhance(_context: unknown, reply: Reply): void {
    const stored = reply.number(ReplyName.InterimInterval)
    reply.set(
      ReplyName.InterimInterval,
      stored === undefined ? DEFAULT_INTERIM_INTERVAL : Math.max(MINIMUM_INTERIM_INTERVAL, stored)
    )
  }
}
