import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/** Session key naming the host scope a session was created for: a tenant uid or `platform`. */
export const SESSION_SCOPE_KEY = 'scope'

/**
 * A session belongs to the host it was created on. Cookies are host-only already; this refuses
 * a session cookie copied from tenant A's host to tenant B's (or to the platform), so user ids of
 * one database are never read in another.
 */
export default class BindSessionMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const expected = ctx.tenant?.uid ?? 'platform'
    const scope = ctx.session.get(SESSION_SCOPE_KEY)
    if (scope === undefined) {
      ctx.session.put(SESSION_SCOPE_KEY, expected)
    } else if (scope !== expected) {
      ctx.session.clear()
      ctx.session.put(SESSION_SCOPE_KEY, expected)
    }
    return next()
  }
}
