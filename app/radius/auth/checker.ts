/*
 * The two plugin shapes of the authorization pipeline (toughradius style): a checker may
 * reject, an enhancer adds to the Access-Accept.
 */
import type { OutgoingAttribute } from '../codec/index.js'
import type { AuthContext } from './auth_context.js'
import type { Reply } from './reply.js'

/** Why a login is refused (stored in radpostauth), and attributes for the Access-Reject. */
export interface Rejection {
  reason: string
  attributes: readonly OutgoingAttribute[]
}

/** One policy step: undefined lets the login through, a Rejection ends it. */
export interface Checker {
  check(context: AuthContext): Rejection | undefined | Promise<Rejection | undefined>
}

/** Adds attributes to the Access-Accept of a login every checker let through. */
export interface ReplyEnhancer {
  enhance(context: AuthContext, reply: Reply): void | Promise<void>
}

/** A rejection with `reason`. */
export function reject(reason: string, attributes: readonly OutgoingAttribute[] = []): Rejection {
  return { reason, attributes }
}
