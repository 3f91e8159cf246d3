import type { HttpContext } from '@adonisjs/core/http'

/** The auth guard of the host: platform staff on the platform host, tenant users elsewhere. */
export function guardFor(ctx: HttpContext): 'platform' | 'web' {
  return ctx.hostKind === 'platform' ? 'platform' : 'web'
}
