import type { HttpContext } from '@adonisjs/core/http'
import type User from '#models/tenant/user'
import { TenantRole } from '#enums/tenant_role'

/** `/` on any host: the platform landing, or a tenant's home for whoever is logged in. */
export default class HomeController {
  async show(ctx: HttpContext) {
    if (ctx.hostKind === 'platform') {
      const staff = await ctx.auth.use('platform').check()
      return staff ? ctx.response.redirect().toPath('/platform') : ctx.view.render('pages/home')
    }
    const guard = ctx.auth.use('web')
    if (!(await guard.check())) return ctx.response.redirect().toPath('/login')
    const user = guard.user as User
    await user.load('role')
    return ctx.response
      .redirect()
      .toPath(user.role.slug === TenantRole.Client ? '/portal' : '/dashboard')
  }
}
