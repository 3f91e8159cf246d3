import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import User from '#models/tenant/user'
import { guardFor } from './guard_for_host.js'
import { navigationFor } from '#services/navigation_service'

/** Session key holding the user's session epoch at login ("log out everywhere" bumps it). */
export const SESSION_EPOCH_KEY = 'epoch'

/**
 * Requires a logged-in, active user of the host's guard. A session whose epoch is older than the
 * user's (after "log out everywhere") or whose user was disabled is logged out.
 */
export default class AuthMiddleware {
  redirectTo = '/login'

  async handle(ctx: HttpContext, next: NextFn) {
    const guard = ctx.auth.use(guardFor(ctx))
    await guard.check()
    const user = guard.user
    if (!user) {
      if (ctx.request.accepts(['html', 'json']) === 'json')
        return ctx.response.unauthorized({ error: 'Unauthenticated' })
      return ctx.response.redirect().toPath(this.redirectTo)
    }

    const epoch = ctx.session.get(SESSION_EPOCH_KEY)
    if (epoch === undefined) {
      // Logged in by a remember-me token: adopt the current epoch.
      ctx.session.put(SESSION_EPOCH_KEY, user.sessionEpoch)
    } else if (epoch !== user.sessionEpoch || user.status !== 'active') {
      await guard.logout()
      ctx.session.forget(SESSION_EPOCH_KEY)
      return ctx.response.redirect().toPath(this.redirectTo)
    }

    if (user instanceof User) await user.load('role')
    ctx.view.share({ user, navItems: await navigationFor(ctx) })
    return next()
  }
}
