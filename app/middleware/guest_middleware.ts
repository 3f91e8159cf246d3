import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { guardFor } from './guard_for_host.js'

/** Pages for people who are not logged in (login, password reset) send a logged-in user home. */
export default class GuestMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (await ctx.auth.use(guardFor(ctx)).check()) {
      return ctx.response.redirect().toPath('/')
    }
    return next()
  }
}
