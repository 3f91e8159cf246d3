import type { HttpContext } from '@adonisjs/core/http'
import Tenant from '#models/central/tenant'
import AuditLog from '#models/central/audit_log'
import { DataTableService } from '#services/data_table_service'
import { TenantStatusService } from '#services/tenant_status_service'
import { suspendTenantValidator } from '#validators/tenant_suspension_validator'
import { formatDateTime } from '#helpers/format'

/** Platform console: the tenants list (DataTables), a tenant's detail, suspend / unsuspend. */
export default class TenantsController {
  async index({ view, bouncer }: HttpContext) {
    await bouncer.with('TenantPolicy').authorize('viewList')
    return view.render('pages/platform/tenants/index')
  }

  async data({ request, bouncer, response, i18n }: HttpContext) {
    await bouncer.with('TenantPolicy').authorize('viewList')
    const reply = await DataTableService.respond(request.qs(), {
      query: () => Tenant.query().preload('domains'),
      columns: [
        { data: 'id', orderable: true },
        { data: 'name', searchable: true, orderable: true },
        { data: 'slug', searchable: true, orderable: true },
        { data: 'email', searchable: true, orderable: true },
        { data: 'status', searchable: true, orderable: true },
        { data: 'plan', orderable: true },
        { data: 'createdAt', column: 'created_at', orderable: true },
      ],
      defaultOrder: { column: 'id', direction: 'desc' },
      serialize: (tenant: Tenant) => ({
        id: tenant.id,
        name: tenant.name,
        slug: tenant.slug,
        email: tenant.email,
        status: tenant.status,
        plan: tenant.plan,
        host: tenant.domains.find((domain) => domain.isPrimary)?.host ?? null,
        createdAt: formatDateTime(tenant.createdAt, 'Asia/Jakarta', i18n.locale),
        url: `/platform/tenants/${tenant.id}`,
      }),
    })
    return response.json(reply)
  }

  async show({ params, view, bouncer }: HttpContext) {
    await bouncer.with('TenantPolicy').authorize('view')
    const tenant = await Tenant.query().where('id', params.id).preload('domains').firstOrFail()
    const audit = await AuditLog.query()
      .where('tenant_id', tenant.id)
      .orderBy('id', 'desc')
      .limit(50)
    return view.render('pages/platform/tenants/show', { tenant, audit })
  }

  async suspend(ctx: HttpContext) {
    await ctx.bouncer.with('TenantPolicy').authorize('suspend')
    const tenant = await Tenant.findOrFail(ctx.params.id)
    const { reason } = await ctx.request.validateUsing(suspendTenantValidator)
    await TenantStatusService.suspend(
      tenant,
      reason,
      ctx.auth.use('platform').getUserOrFail(),
      ctx.request.ip()
    )
    ctx.session.flash('success', ctx.i18n.t('tenants.suspended_done'))
    return ctx.response.redirect().toPath(`/platform/tenants/${tenant.id}`)
  }

  async unsuspend(ctx: HttpContext) {
    await ctx.bouncer.with('TenantPolicy').authorize('suspend')
    const tenant = await Tenant.findOrFail(ctx.params.id)
    const { reason } = await ctx.request.validateUsing(suspendTenantValidator)
    await TenantStatusService.unsuspend(
      tenant,
      reason,
      ctx.auth.use('platform').getUserOrFail(),
      ctx.request.ip()
    )
    ctx.session.flash('success', ctx.i18n.t('tenants.unsuspended_done'))
    return ctx.response.redirect().toPath(`/platform/tenants/${tenant.id}`)
  }
}
