import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/** Tenant routes answer only on a tenant host (subdomain or verified custom domain). */
export default class TenantHostMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (ctx.hostKind !== 'tenant') return ctx.response.notFound('Not found')
    return next()
  }
}
