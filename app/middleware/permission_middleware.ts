import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { hasPermission } from '#abilities/main'
import type { PlatformPermission, TenantPermission } from '#abilities/permissions'

/** Route guard: `middleware.can('staff.manage')` refuses users whose role lacks the permission. */
export default class PermissionMiddleware {
  async handle(ctx: HttpContext, next: NextFn, permission: TenantPermission | PlatformPermission) {
    await ctx.bouncer.authorize(hasPermission, permission)
    return next()
  }
}
