import type { HttpContext } from '@adonisjs/core/http'
import vine from '@vinejs/vine'
import { guardFor } from '#middleware/guard_for_host'
import { SESSION_LOCALE_KEY } from '#middleware/detect_locale_middleware'

const localeValidator = vine.create({ locale: vine.enum(['id', 'en']) })
const colorSchemeValidator = vine.create({ colorScheme: vine.enum(['light', 'dark', 'system']) })

/** Language and dark mode: kept in the session, and on the account when someone is logged in. */
export default class PreferencesController {
  async locale(ctx: HttpContext) {
    const { locale } = await ctx.request.validateUsing(localeValidator)
    ctx.session.put(SESSION_LOCALE_KEY, locale)
    const guard = ctx.auth.use(guardFor(ctx))
    if (await guard.check()) {
      guard.user!.locale = locale
      await guard.user!.save()
    }
    return ctx.response.redirect().back()
  }

  async colorScheme(ctx: HttpContext) {
    const { colorScheme } = await ctx.request.validateUsing(colorSchemeValidator)
    const guard = ctx.auth.use(guardFor(ctx))
    if (await guard.check()) {
      guard.user!.colorScheme = colorScheme
      await guard.user!.save()
    }
    return ctx.response.json({ colorScheme })
  }
}
