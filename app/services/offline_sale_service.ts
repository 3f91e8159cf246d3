/*
 * The Cashier's counter: a cash sale of a few vouchers of a package (a small batch of the
 * voucher generator, so they print with its templates and count in its seller attribution), or
 * of a customer's renewal; and the day's sales in the tenant's time zone.
 */
import { DateTime } from 'luxon'
import Customer from '#models/tenant/customer'
import OfflineSale from '#models/tenant/offline_sale'
import Package from '#models/tenant/package'
import type User from '#models/tenant/user'
import { tenantContext } from '#tenancy/tenant_context'
import { inTenantTransaction, tenantDb } from '#radius/sql/tenant_db'
import { toSqlTime } from '#radius/sql/sql_time'
import { CustomerService } from '#services/customer_service'
import { VoucherBatchService } from '#services/voucher_batch_service'
import { VoucherService } from '#services/voucher_service'

/** What the Cashier sells: `quantity` vouchers of a package, or a renewal of a customer. */
export interface SaleInput {
  packageId: number
  quantity: number
  /** Renew this customer instead of printing vouchers. */
  customerId?: number | null
  note?: string | null
}

/** Totals of one day. */
export interface DaySummary {
  date: string
  count: number
  quantity: number
  total: number
  byPackage: { packageName: string; quantity: number; total: number }[]
}

/** A sale that cannot be made. */
export class OfflineSaleError extends Error {
  readonly code = 'E_OFFLINE_SALE'

  constructor(message: string) {
    super(message)
    this.name = 'OfflineSaleError'
  }
}

/** Most vouchers one counter sale prints; bulk batches are the voucher generator's job. */
export const MAX_COUNTER_VOUCHERS = 20
const CODE_LENGTH = 8

/** Records the bound tenant's cash sales. */
export class OfflineSaleService {
  readonly #clock: () => Date

  constructor(options: { clock?: () => Date } = {}) {
    this.#clock = options.clock ?? (() => new Date())
  }

  /**
   * Sells and records. Vouchers are a small batch of the voucher generator (generated, then the
   * sale recorded; if recording fails they are deleted again). A renewal and its sale are one
   * transaction.
   */
  async sell(input: SaleInput, cashier: Pick<User, 'id' | 'fullName'>): Promise<OfflineSale> {
    const pkg = await Package.query().where('id', input.packageId).where('is_active', true).first()
    if (!pkg) throw new OfflineSaleError(`Package #${input.packageId} is not on sale`)
    const sale = {
      packageId: pkg.id,
      packageName: pkg.name,
      quantity: input.quantity,
      unitPrice: pkg.price,
      total: pkg.price * input.quantity,
      customerId: input.customerId ?? null,
      paymentMethod: 'cash' as const,
      cashierId: cashier.id,
      cashierName: cashier.fullName,
      note: input.note ?? null,
    }
    if (input.customerId) {
      const customerId = input.customerId
      return inTenantTransaction(undefined, async (trx) => {
        const customer = await Customer.findOrFail(customerId, { client: trx })
        // The renewal is of the package sold (a different one switches the customer to it).
        customer.nextPackageId = customer.packageId === pkg.id ? null : pkg.id
        // Through CustomerService: API-mode routers learn of the renewal once it commits.
        await new CustomerService({ clock: this.#clock }).extend(customer, input.quantity, {
          actorId: cashier.id,
          trx,
        })
        return OfflineSale.create({ ...sale, voucherBatchId: null }, { client: trx })
      })
    }
    if (input.quantity > MAX_COUNTER_VOUCHERS) {
      throw new OfflineSaleError(`At most ${MAX_COUNTER_VOUCHERS} vouchers per counter sale`)
    }
    const batch = await new VoucherBatchService({ clock: this.#clock }).generateNow(
      {
        packageId: pkg.id,
        quantity: input.quantity,
        codeLength: CODE_LENGTH,
        charset: 'no_lookalikes',
        loginMode: 'same',
        price: pkg.price,
        note: input.note ?? null,
      },
      { id: cashier.id, name: cashier.fullName }
    )
    try {
      return await OfflineSale.create({ ...sale, voucherBatchId: batch.id })
    } catch (error) {
      await new VoucherService().deleteUnused(batch)
      throw error
    }
  }

  /** The sales of the tenant's day containing `day` (default today), as a query to page over. */
  dayQuery(day?: DateTime) {
    const [start, end] = this.#dayBounds(day)
    return OfflineSale.query()
      .where('created_at', '>=', toSqlTime(start))
      .where('created_at', '<', toSqlTime(end))
  }

  /** Count, vouchers and money of the tenant's day, with a line per package. */
  async daySummary(day?: DateTime): Promise<DaySummary> {
    const [start, end] = this.#dayBounds(day)
    const rows = await tenantDb()
      .client.from('offline_sales')
      .where('created_at', '>=', toSqlTime(start))
      .where('created_at', '<', toSqlTime(end))
      .groupBy('package_name')
      .orderBy('package_name')
      .select('package_name')
      .count('* as sales')
      .sum('quantity as quantity')
      .sum('total as total')
    const byPackage = rows.map((row) => ({
      packageName: String(row.package_name),
      sales: Number(row.sales),
      quantity: Number(row.quantity),
      total: Number(row.total),
    }))
    return {
      date: DateTime.fromJSDate(start, { zone: this.#zone() }).toISODate()!,
      count: byPackage.reduce((sum, row) => sum + row.sales, 0),
      quantity: byPackage.reduce((sum, row) => sum + row.quantity, 0),
      total: byPackage.reduce((sum, row) => sum + row.total, 0),
      byPackage,
    }
  }

  /** Start and end (exclusive) of the tenant's local day. */
  #dayBounds(day?: DateTime): [Date, Date] {
    const local = (day ?? DateTime.fromJSDate(this.#clock())).setZone(this.#zone()).startOf('day')
    return [local.toJSDate(), local.plus({ days: 1 }).toJSDate()]
  }

  #zone(): string {
    return tenantContext.require().tenant.timezone || 'UTC'
  }
}
