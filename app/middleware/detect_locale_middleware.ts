import { I18n } from '@adonisjs/i18n'
import i18nManager from '@adonisjs/i18n/services/main'
import type { NextFn } from '@adonisjs/core/types/http'
import { type HttpContext, RequestValidator } from '@adonisjs/core/http'

/** Session key of the language picked by the person (and copied from their profile at login). */
export const SESSION_LOCALE_KEY = 'locale'

/**
 * Picks the page language: the person's choice, else the tenant's default, else Indonesian.
 * Validation messages follow the same language.
 */
export default class DetectLocaleMiddleware {
  static {
    RequestValidator.messagesProvider = (ctx) => ctx.i18n.createMessagesProvider()
  }

  async handle(ctx: HttpContext, next: NextFn) {
    const wanted = ctx.session.get(SESSION_LOCALE_KEY) ?? ctx.tenant?.locale
    const locale = i18nManager.getSupportedLocaleFor(wanted ?? '') ?? i18nManager.defaultLocale
    ctx.i18n = i18nManager.locale(locale)
    ctx.containerResolver.bindValue(I18n, ctx.i18n)
    if ('view' in ctx) ctx.view.share({ i18n: ctx.i18n, locale })
    return next()
  }
}

declare module '@adonisjs/core/http' {
  export interface HttpContext {
    i18n: I18n
  }
}
