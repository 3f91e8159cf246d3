import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import themeService from '#services/theme_service'
import { tenantThemeCss } from '#services/tenant_theme'

/** Shares the page's colours: theme.json, with the tenant's own overrides on its hosts. */
export default class ShareThemeMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    ctx.view.share({ themeCss: ctx.tenant ? await tenantThemeCss() : themeService.cssFor() })
    return next()
  }
}
