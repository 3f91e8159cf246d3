import type { HttpContext } from '@adonisjs/core/http'
import Package from '#models/tenant/package'
import { DataTableService } from '#services/data_table_service'
import { PackageError, PackageService } from '#services/package_service'
import { rateLimitOf } from '#services/package_radius_mapper'
import {
  isolirValidator,
  packageValidator,
  toPackageForm,
  validatePackage,
} from '#validators/package_validator'
import { formatMoney } from '#helpers/format'

/** The package builder (packages.manage, checked by the routes): list, create, edit, remove. */
export default class PackagesController {
  async index({ view }: HttpContext) {
    const isolir = await new PackageService().isolirProfile()
    return view.render('pages/tenant/packages/index', { isolir })
  }

  async data({ request, response, i18n }: HttpContext) {
    const reply = await DataTableService.respond(request.qs(), {
      query: () => new PackageService().listQuery(),
      columns: [
        { data: 'name', searchable: true, orderable: true },
        { data: 'kind', searchable: true, orderable: true },
        { data: 'price', orderable: true },
        { data: 'rateLimit', column: 'rate_down_kbps', orderable: true },
        { data: 'validity', column: 'validity_value' },
        { data: 'status', column: 'is_active', orderable: true },
      ],
      defaultOrder: { column: 'name', direction: 'asc' },
      serialize: (pkg: Package) => ({
        id: pkg.id,
        name: pkg.name,
        kind: i18n.t(`packages.kinds.${pkg.kind}`),
        price: formatMoney(pkg.price),
        rateLimit: rateLimitOf(pkg),
        validity:
          pkg.validityUnit === 'period'
            ? i18n.t('packages.validity_period', { day: pkg.periodDay })
            : `${pkg.validityValue} ${i18n.t(`packages.units.${pkg.validityUnit}`)}`,
        status: i18n.t(pkg.isActive ? 'packages.on_sale' : 'packages.retired'),
        url: `/packages/${pkg.id}/edit`,
      }),
    })
    return response.json(reply)
  }

  async create({ view }: HttpContext) {
    return view.render('pages/tenant/packages/form', { pkg: null, form: {} })
  }

  async store({ request, response, session, i18n }: HttpContext) {
    const { input } = await validatePackage(
      (messagesProvider) => request.validateUsing(packageValidator, { messagesProvider }),
      i18n
    )
    await new PackageService().create(input)
    session.flash('success', i18n.t('packages.created'))
    return response.redirect().toPath('/packages')
  }

  async edit({ params, view }: HttpContext) {
    const pkg = await Package.findOrFail(params.id)
    const online = await new PackageService().onlineCount(pkg)
    return view.render('pages/tenant/packages/form', { pkg, form: toPackageForm(pkg), online })
  }

  async update({ params, request, response, session, i18n }: HttpContext) {
    const pkg = await Package.findOrFail(params.id)
    const { input, applyNow } = await validatePackage(
      (messagesProvider) => request.validateUsing(packageValidator, { messagesProvider }),
      i18n,
      pkg.id
    )
    const { queuedSessions } = await new PackageService().update(pkg, input, { applyNow })
    session.flash(
      'success',
      applyNow
        ? i18n.t('packages.updated_applied', { count: queuedSessions })
        : i18n.t('packages.updated')
    )
    return response.redirect().toPath('/packages')
  }

  async destroy({ params, response, session, i18n }: HttpContext) {
    const pkg = await Package.findOrFail(params.id)
    try {
      await new PackageService().delete(pkg)
      session.flash('success', i18n.t('packages.deleted'))
    } catch (error) {
      if (!(error instanceof PackageError) || error.code !== 'E_PACKAGE_IN_USE') throw error
      session.flash('error', i18n.t('packages.in_use'))
    }
    return response.redirect().toPath('/packages')
  }

  async updateIsolir({ request, response, session, i18n }: HttpContext) {
    const form = await request.validateUsing(isolirValidator)
    await new PackageService().saveIsolirProfile({
      addressList: form.addressList ?? null,
      pool: form.pool ?? null,
      rateUpKbps: form.rateUp ? Math.round(form.rateUp * 1000) : null,
      rateDownKbps: form.rateDown ? Math.round(form.rateDown * 1000) : null,
    })
    session.flash('success', i18n.t('packages.isolir_saved'))
    return response.redirect().toPath('/packages')
  }
}
