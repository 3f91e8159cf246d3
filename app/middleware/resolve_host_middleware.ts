import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import env from '#start/env'
import tenancy from '#tenancy/main'
import { HostResolver } from '#tenancy/host_resolver'
import type Tenant from '#models/central/tenant'
import type Domain from '#models/central/domain'
import { TenantStatus } from '#enums/tenant_status'

declare module '@adonisjs/core/http' {
  interface HttpContext {
    /** Which side of the product the host belongs to. */
    hostKind: 'platform' | 'tenant'
    /** The tenant of a tenant host. */
    tenant?: Tenant
    domain?: Domain
  }
}

const resolver = new HostResolver(env.get('APP_DOMAIN'))

/**
 * Binds each request to its host once: the platform console, or a tenant whose database the rest
 * of the request (and everything it awaits) then uses. Unknown hosts get a 404 page, a suspended
 * tenant a page that says so, and a tenant still being provisioned a "please wait" page.
 */
export default class ResolveHostMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const match = await resolver.resolve(ctx.request.host())
    if (match.kind === 'platform') {
      ctx.hostKind = 'platform'
      return next()
    }
    if (match.kind === 'unknown') {
      // Machine endpoints answer on any host (the TLS `ask` hook is called by the proxy).
      if (ctx.request.url().startsWith('/internal/')) {
        ctx.hostKind = 'platform'
        return next()
      }
      return ctx.response
        .status(404)
        .send(await ctx.view.render('pages/errors/unknown_host', { host: ctx.request.host() }))
    }

    const { tenant, domain } = match
    if (tenant.status === TenantStatus.Suspended) {
      return ctx.response
        .status(403)
        .send(await ctx.view.render('pages/errors/tenant_suspended', { tenant }))
    }
    if (tenant.status !== TenantStatus.Active) {
      return ctx.response
        .status(503)
        .send(await ctx.view.render('pages/errors/tenant_provisioning', { tenant }))
    }
    ctx.hostKind = 'tenant'
    ctx.tenant = tenant
    ctx.domain = domain
    ctx.view.share({ currentTenant: tenant })
    return tenancy.run(tenant, async () => {
      await next()
    })
  }
}
