import app from '@adonisjs/core/services/app'
import { type HttpContext, ExceptionHandler } from '@adonisjs/core/http'
import type { StatusPageRange, StatusPageRenderer } from '@adonisjs/core/types/http'

export default class HttpExceptionHandler extends ExceptionHandler {
  protected debug = !app.inProduction

  /** Friendly pages in production and tests (tests assert what a person sees). */
  protected renderStatusPages = app.inProduction || app.inTest

  protected statusPages: Record<StatusPageRange, StatusPageRenderer> = {
    '403': (error, { view }) => view.render('pages/errors/forbidden', { error }),
    '404': (error, { view }) => view.render('pages/errors/not_found', { error }),
    '500..599': (error, { view }) => view.render('pages/errors/server_error', { error }),
  }

  /**
   * Bouncer answers a refused page load with its message as plain text; a person opening a page
   * should see the styled "no permission" page instead. Refused form posts keep bouncer's
   * redirect-back-with-error, and JSON clients keep the JSON error.
   */
  async handle(error: unknown, ctx: HttpContext) {
    const code = (error as { code?: string } | null)?.code
    if (
      code === 'E_AUTHORIZATION_FAILURE' &&
      ['GET', 'HEAD'].includes(ctx.request.method()) &&
      ctx.request.accepts(['html', 'json']) === 'html'
    ) {
      return ctx.response
        .status(403)
        .send(await ctx.view.render('pages/errors/forbidden', { error }))
    }
    return super.handle(error, ctx)
  }

  async report(error: unknown, ctx: HttpContext) {
    return super.report(error, ctx)
  }
}
