import type { HttpContext } from '@adonisjs/core/http'
import Customer from '#models/tenant/customer'
import Package from '#models/tenant/package'
import { CUSTOMER_LIST, CustomerError, CustomerService } from '#services/customer_service'
import { DataTableService } from '#services/data_table_service'
import { DeviceSyncService } from '#services/device_sync_service'
import { PackageService } from '#services/package_service'
import { SubscriptionService } from '#services/subscription_service'
import { RadiusUserError } from '#services/radius_user_service'
import { ruleErrors, scopedMessages } from '#validators/validation_messages'
import {
  changePackageValidator,
  customerFilterValidator,
  customerStoreValidator,
  customerUpdateValidator,
  extendValidator,
  resetPasswordValidator,
  statusValidator,
} from '#validators/customer_validator'
import { formatDateTime } from '#helpers/format'
import { hasPermission } from '#abilities/main'

/** Members (hotspot and PPPoE): list, profile, and the actions on their RADIUS account. */
export default class CustomersController {
  async index({ view, request }: HttpContext) {
    const filters = await customerFilterValidator.validate(filledIn(request.qs()))
    const packages = await Package.query().orderBy('name').select('id', 'name')
    const source = `/customers/data?${new URLSearchParams(filledIn(filters))}`
    return view.render('pages/tenant/customers/index', { packages, filters, source })
  }

  async data({ request, response, tenant, i18n }: HttpContext) {
    const filters = await customerFilterValidator.validate(filledIn(request.qs()))
    const packages = await Package.query().select('id', 'name')
    const names = new Map(packages.map((pkg) => [pkg.id, pkg.name]))
    const reply = await DataTableService.respond(request.qs(), {
      query: () =>
        new CustomerService().listQuery({
          status: filters.status,
          packageId: filters.package,
          service: filters.service,
        }),
      ...CUSTOMER_LIST,
      serialize: (customer: Customer) => ({
        id: customer.id,
        username: customer.username,
        fullName: customer.fullName,
        phone: customer.phone ?? '',
        service: i18n.t(`packages.kinds.${customer.service}`),
        package: names.get(customer.packageId ?? 0) ?? '—',
        status: i18n.t(`customers.statuses.${customer.status}`),
        statusKey: customer.status,
        expiresAt: formatDateTime(customer.expiresAt, tenant!.timezone, i18n.locale),
        url: `/customers/${customer.id}`,
      }),
    })
    return response.json(reply)
  }

  async show({ params, view, bouncer, tenant, i18n }: HttpContext) {
    const customer = await Customer.query().where('id', params.id).preload('package').firstOrFail()
    const service = new CustomerService()
    if (customer.nextPackageId) await customer.load('nextPackage')
    const manage = await bouncer.allows(hasPermission, 'customers.manage')
    const checks = await bouncer.allows(hasPermission, 'customers.check_validity')
    const when = (value: Customer['expiresAt']) =>
      formatDateTime(value, tenant!.timezone, i18n.locale)
    return view.render('pages/tenant/customers/show', {
      customer,
      when,
      history: await new SubscriptionService().history(customer),
      packages: manage ? await new PackageService().sellable() : [],
      password: manage ? await service.passwordOf(customer) : null,
      validity: checks ? await service.validity(customer) : null,
      // Null (no section) when every router asks RADIUS.
      routerCalls: await new DeviceSyncService().callsOf(customer),
    })
  }

  async validity({ params, response, tenant, i18n }: HttpContext) {
    const customer = await Customer.findOrFail(params.id)
    const validity = await new CustomerService().validity(customer)
    return response.json({
      ...validity,
      expiresAtText: formatDateTime(validity.expiresAt, tenant!.timezone, i18n.locale),
      online: validity.sessions.length > 0,
    })
  }

  async create({ view }: HttpContext) {
    return view.render('pages/tenant/customers/form', {
      customer: null,
      packages: await new PackageService().sellable(),
    })
  }

  async store({ request, response, session, i18n, auth }: HttpContext) {
    const messages = scopedMessages(i18n, 'customers')
    const data = await request.validateUsing(customerStoreValidator, { messagesProvider: messages })
    const { customer, password } = await this.#refusals(i18n, () =>
      new CustomerService().create(data, { actorId: auth.use('web').getUserOrFail().id })
    )
    session.flash('success', i18n.t('customers.created', { password }))
    return response.redirect().toPath(`/customers/${customer.id}`)
  }

  async edit({ params, view }: HttpContext) {
    const customer = await Customer.findOrFail(params.id)
    return view.render('pages/tenant/customers/form', { customer, packages: [] })
  }

  async update({ params, request, response, session, i18n }: HttpContext) {
    const customer = await Customer.findOrFail(params.id)
    const messages = scopedMessages(i18n, 'customers')
    const data = await request.validateUsing(customerUpdateValidator, {
      messagesProvider: messages,
    })
    await this.#refusals(i18n, () => new CustomerService().update(customer, data))
    session.flash('success', i18n.t('customers.updated'))
    return response.redirect().toPath(`/customers/${customer.id}`)
  }

  async changePackage({ params, request, response, session, i18n, auth }: HttpContext) {
    const customer = await Customer.findOrFail(params.id)
    const { packageId, when } = await request.validateUsing(changePackageValidator)
    await this.#refusals(i18n, () =>
      new CustomerService().changePackage(customer, packageId, when, {
        actorId: auth.use('web').getUserOrFail().id,
      })
    )
    session.flash('success', i18n.t(`customers.package_changed_${when}`))
    return response.redirect().toPath(`/customers/${customer.id}`)
  }

  async extend({ params, request, response, session, i18n, auth, tenant }: HttpContext) {
    const customer = await Customer.findOrFail(params.id)
    const { periods } = await request.validateUsing(extendValidator)
    await new CustomerService().extend(customer, periods, {
      actorId: auth.use('web').getUserOrFail().id,
    })
    const until = formatDateTime(customer.expiresAt, tenant!.timezone, i18n.locale)
    session.flash('success', i18n.t('customers.extended', { until }))
    return response.redirect().toPath(`/customers/${customer.id}`)
  }

  async status({ params, request, response, session, i18n }: HttpContext) {
    const customer = await Customer.findOrFail(params.id)
    const { status } = await request.validateUsing(statusValidator)
    await new CustomerService().setStatus(customer, status)
    session.flash('success', i18n.t(`customers.status_set.${status}`))
    return response.redirect().toPath(`/customers/${customer.id}`)
  }

  async resetPassword({ params, request, response, session, i18n }: HttpContext) {
    const customer = await Customer.findOrFail(params.id)
    const { password } = await request.validateUsing(resetPasswordValidator)
    const next = await new CustomerService().resetPassword(customer, password)
    session.flash('success', i18n.t('customers.password_reset', { password: next }))
    return response.redirect().toPath(`/customers/${customer.id}`)
  }

  async kick({ params, response, session, i18n }: HttpContext) {
    const customer = await Customer.findOrFail(params.id)
    const count = await new CustomerService().kick(customer)
    session.flash(count ? 'success' : 'warning', i18n.t('customers.kicked', { count }))
    return response.redirect().toPath(`/customers/${customer.id}`)
  }

  async destroy({ params, response, session, i18n }: HttpContext) {
    const customer = await Customer.findOrFail(params.id)
    await new CustomerService().delete(customer)
    session.flash('success', i18n.t('customers.deleted', { username: customer.username }))
    return response.redirect().toPath('/customers')
  }

  /** A refusal of the service shown under the form field it is about. */
  async #refusals<T>(i18n: HttpContext['i18n'], work: () => Promise<T>): Promise<T> {
    try {
      return await work()
    } catch (error) {
      const messages = scopedMessages(i18n, 'customers')
      if (error instanceof CustomerError) {
        throw ruleErrors(messages, [{ field: error.field, rule: error.code }])
      }
      if (error instanceof RadiusUserError && error.code === 'E_RADIUS_USER_EXISTS') {
        throw ruleErrors(messages, [{ field: 'username', rule: 'database.unique' }])
      }
      throw error
    }
  }
}

/** The query-string filters actually chosen (an empty select sends ""). */
function filledIn(query: Record<string, unknown>): Record<string, string> {
  const keys = ['status', 'package', 'service']
  return Object.fromEntries(
    keys
      .filter((key) => query[key] !== undefined && query[key] !== '')
      .map((key) => [key, String(query[key])])
  )
}
