import { DateTime } from 'luxon'
import type { HttpContext } from '@adonisjs/core/http'
import limiter from '@adonisjs/limiter/services/main'
import { loginValidator } from '#validators/auth_validator'
import { AccountService } from '#services/account_service'
import { guardFor } from '#middleware/guard_for_host'
import { SESSION_EPOCH_KEY } from '#middleware/auth_middleware'
import { SESSION_LOCALE_KEY } from '#middleware/detect_locale_middleware'

/** Five wrong passwords a minute per account and address, then a fifteen-minute wait. */
const loginLimiter = limiter.use({ requests: 5, duration: '1 min', blockDuration: '15 mins' })

/** Log in and out on either side (platform host or tenant host), with the host's guard. */
export default class SessionController {
  async create({ view }: HttpContext) {
    return view.render('pages/auth/login')
  }

  async store(ctx: HttpContext) {
    const { request, session, response, auth, i18n } = ctx
    const { email, password, remember } = await request.validateUsing(loginValidator)
    const accounts = AccountService.for(ctx)
    const key = `login:${ctx.tenant?.uid ?? 'platform'}:${email}:${request.ip()}`

    // A wrong password (or a disabled account) throws, which is what penalize() counts.
    const [throttled, account] = await loginLimiter
      .penalize(key, async () => {
        const found = await accounts.verifyCredentials(email, password)
        if (found.status !== 'active') throw new Error('account disabled')
        return found
      })
      .catch(() => [null, null] as const)
    if (throttled) {
      session.flashErrors({
        email: i18n.t('auth.too_many_attempts', { seconds: throttled.response.availableIn }),
      })
      session.flashExcept(['password'])
      return response.redirect().toPath('/login')
    }
    if (!account) {
      session.flashErrors({ email: i18n.t('auth.invalid_credentials') })
      session.flashExcept(['password'])
      return response.redirect().toPath('/login')
    }

    await auth.use(guardFor(ctx)).login(account as never, !!remember)
    session.put(SESSION_EPOCH_KEY, account.sessionEpoch)
    if (account.locale) session.put(SESSION_LOCALE_KEY, account.locale)
    account.lastLoginAt = DateTime.now()
    await account.save()
    return response.redirect().toPath('/')
  }

  async destroy(ctx: HttpContext) {
    await ctx.auth.use(guardFor(ctx)).logout()
    ctx.session.forget(SESSION_EPOCH_KEY)
    return ctx.response.redirect().toPath('/login')
  }

  /** Log out this and every other session and remembered device of the account. */
  async destroyEverywhere(ctx: HttpContext) {
    const guard = ctx.auth.use(guardFor(ctx))
    const account = guard.getUserOrFail()
    await AccountService.for(ctx).logoutEverywhere(account)
    await guard.logout()
    ctx.session.forget(SESSION_EPOCH_KEY)
    ctx.session.flash('success', ctx.i18n.t('auth.logged_out_everywhere'))
    return ctx.response.redirect().toPath('/login')
  }
}
