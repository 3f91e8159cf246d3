import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/** Routes of the platform console answer only on the platform host. */
export default class PlatformHostMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (ctx.hostKind !== 'platform') return ctx.response.notFound('Not found')
    return next()
  }
}
