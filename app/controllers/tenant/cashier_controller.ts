import type { HttpContext } from '@adonisjs/core/http'
import Customer from '#models/tenant/customer'
import type OfflineSale from '#models/tenant/offline_sale'
import { CustomerError } from '#services/customer_service'
import { DataTableService } from '#services/data_table_service'
import { OfflineSaleError, OfflineSaleService } from '#services/offline_sale_service'
import { PackageService } from '#services/package_service'
import { offlineSaleValidator } from '#validators/offline_sale_validator'
import { ruleErrors, scopedMessages } from '#validators/validation_messages'
import { formatDateTime, formatMoney } from '#helpers/format'

/** The voucher generator's print view of the vouchers a sale printed. */
function printPath(sale: OfflineSale): string | null {
  return sale.voucherBatchId ? `/vouchers/batches/${sale.voucherBatchId}/print` : null
}

/** The counter: sell vouchers or a renewal for cash, and the day's sales. */
export default class CashierController {
  async index({ view }: HttpContext) {
    const packages = await new PackageService().sellable()
    return view.render('pages/tenant/cashier/index', { packages })
  }

  async store({ request, response, session, i18n, auth }: HttpContext) {
    const messages = scopedMessages(i18n, 'cashier')
    const data = await request.validateUsing(offlineSaleValidator, { messagesProvider: messages })
    let customerId: number | null = null
    if (data.customer) {
      const customer = await Customer.findBy('username', data.customer)
      if (!customer) throw ruleErrors(messages, [{ field: 'customer', rule: 'unknownCustomer' }])
      customerId = customer.id
    }
    const sale = await new OfflineSaleService()
      .sell({ ...data, customerId }, auth.use('web').getUserOrFail())
      .catch((error) => {
        if (error instanceof OfflineSaleError) {
          throw ruleErrors(messages, [{ field: 'packageId', rule: 'notOnSale' }])
        }
        if (error instanceof CustomerError) {
          throw ruleErrors(messages, [{ field: 'packageId', rule: error.code }])
        }
        throw error
      })
    session.flash('success', i18n.t('cashier.sold', { total: formatMoney(sale.total) }))
    return response.redirect().toPath(printPath(sale) ?? '/cashier')
  }

  async today({ view }: HttpContext) {
    const summary = await new OfflineSaleService().daySummary()
    return view.render('pages/tenant/cashier/today', {
      summary,
      total: formatMoney(summary.total),
      lines: summary.byPackage.map((line) => ({ ...line, total: formatMoney(line.total) })),
    })
  }

  async todayData({ request, response, tenant, i18n }: HttpContext) {
    const reply = await DataTableService.respond(request.qs(), {
      query: () => new OfflineSaleService().dayQuery(),
      columns: [
        { data: 'createdAt', column: 'created_at', orderable: true },
        { data: 'packageName', column: 'package_name', searchable: true, orderable: true },
        { data: 'quantity', orderable: true },
        { data: 'total', orderable: true },
        { data: 'cashierName', column: 'cashier_name', searchable: true, orderable: true },
      ],
      defaultOrder: { column: 'id', direction: 'desc' },
      serialize: (sale: OfflineSale) => ({
        createdAt: formatDateTime(sale.createdAt, tenant!.timezone, i18n.locale),
        packageName: sale.packageName,
        quantity: sale.quantity,
        total: formatMoney(sale.total),
        cashierName: sale.cashierName,
        kind: i18n.t(sale.customerId ? 'cashier.kind_renewal' : 'cashier.kind_vouchers'),
        url: printPath(sale),
      }),
    })
    return response.json(reply)
  }
}
