/*
 * Customers, vouchers and packages as .xlsx (exceljs's streaming writer: rows are written and
 * forgotten) or CSV, read from the database 1,000 rows at a time, so a 100,000-row export
 * never holds the table in memory. Customer files are what ExcelImportService reads back.
 */
import type { Writable } from 'node:stream'
import ExcelJS from 'exceljs'
import { DateTime } from 'luxon'
import Customer from '#models/tenant/customer'
import Package from '#models/tenant/package'
import Voucher from '#models/tenant/voucher'
import VoucherBatch from '#models/tenant/voucher_batch'
import { tenantContext } from '#tenancy/tenant_context'
import { tenantDb } from '#radius/sql/tenant_db'
import { Check } from '#radius/users/attribute_names'
import { parseExpiration } from '#radius/users/expiration'
import { VoucherService } from '#services/voucher_service'
import { CUSTOMER_COLUMNS } from '#validators/excel_import_validator'

/** What can be exported. */
export const EXPORT_KINDS = ['customers', 'vouchers', 'packages'] as const
/** One of EXPORT_KINDS. */
export type ExportKind = (typeof EXPORT_KINDS)[number]

/** Excel (streamed .xlsx) or CSV (UTF-8 with a BOM, so Excel reads it as such). */
export type ExportFormat = 'xlsx' | 'csv'

type Cell = string | number | null
type Rows = AsyncIterable<Cell[]>

const PACKAGE_COLUMNS = [
  ...['name', 'kind', 'price', 'reseller_price', 'rate_up_kbps', 'rate_down_kbps', 'burst_up_kbps'],
  ...[
    'burst_down_kbps',
    'burst_threshold_up_kbps',
    'burst_threshold_down_kbps',
    'burst_time_seconds',
  ],
  ...['priority', 'validity_unit', 'validity_value', 'period_day', 'validity_start'],
  ...['time_quota_seconds', 'data_quota_bytes', 'shared_users', 'fup_threshold_bytes'],
  ...['fup_rate_up_kbps', 'fup_rate_down_kbps', 'ip_pool', 'static_ip', 'idle_timeout_seconds'],
  ...['interim_interval_seconds', 'mac_binding', 'purchasable_online', 'is_active'],
]
const VOUCHER_COLUMNS = [
  ...['code', 'password', 'batch', 'package', 'price', 'status', 'first_used_at', 'used_by_mac'],
  ...['expires_at', 'generated_by', 'generated_at'],
]

/** The header row of an export. */
export function columnsOf(kind: ExportKind): readonly string[] {
  return kind === 'customers'
    ? CUSTOMER_COLUMNS
    : kind === 'vouchers'
      ? VOUCHER_COLUMNS
      : PACKAGE_COLUMNS
}

/** A CSV field: quoted when needed, and guarded so a spreadsheet never runs it as a formula. */
export function csvField(value: Cell): string {
  if (value === null) return ''
  let text = String(value)
  // OWASP CSV injection: =, +, -, @ start formulas (a phone such as +62… is left as it is).
  if (/^[=+\-@\t\r]/.test(text) && !/^[+-]?[\d\s().-]+$/.test(text)) text = `'${text}`
  return /[",\r\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** Writes exports of the bound tenant's data. */
export class ExcelExportService {
  /** Writes the export of `kind` into `output` (ended when done). */
  async write(kind: ExportKind, format: ExportFormat, output: Writable, batchId?: number) {
    const rows =
      kind === 'customers'
        ? this.#customers()
        : kind === 'vouchers'
          ? this.#vouchers(batchId)
          : this.#packages()
    const header = [...columnsOf(kind)]
    if (format === 'csv') return this.#csv(header, rows, output)
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true })
    const sheet = workbook.addWorksheet(kind)
    sheet.columns = header.map((name) => ({
      header: name,
      key: name,
      width: Math.max(12, name.length + 2),
    }))
    sheet.getRow(1).font = { bold: true }
    sheet.getRow(1).commit()
    for await (const row of rows) sheet.addRow(row).commit()
    await sheet.commit()
    await workbook.commit()
  }

  async #csv(header: string[], rows: Rows, output: Writable) {
    const write = (line: string) =>
      output.write(line)
        ? Promise.resolve()
        : new Promise<void>((done) => output.once('drain', done))
    // A BOM makes Excel read the file as UTF-8.
    await write(`\uFEFF${header.join(',')}\r\n`)
    for await (const row of rows) await write(`${row.map(csvField).join(',')}\r\n`)
    output.end()
  }

  /** What `query` returns after each last id, in id order, until it returns nothing. */
  async *#chunks<T extends { id: number }>(query: (afterId: number) => Promise<T[]>) {
    let afterId = 0
    for (;;) {
      const chunk = await query(afterId)
      if (chunk.length === 0) return
      afterId = chunk[chunk.length - 1].id
      yield chunk
    }
  }

  async *#customers(): Rows {
    const zone = this.#zone()
    const packages = await Package.query().select('id', 'name')
    const names = new Map(packages.map((p) => [p.id, p.name]))
    const time = (value: DateTime | Date | null) => this.#localTime(value)
    const chunks = this.#chunks((afterId) =>
      Customer.query().where('id', '>', afterId).orderBy('id').limit(1000)
    )
    for await (const customers of chunks) {
      // The password and a validity started at the first login are kept only in RADIUS.
      const radius = await tenantDb()
        .client.from('radcheck')
        .whereIn(
          'username',
          customers.map((c) => c.username)
        )
        .whereIn('attribute', [Check.Password, Check.Expiration])
        .select('username', 'attribute', 'value')
      const stored = new Map(radius.map((row) => [`${row.username}\n${row.attribute}`, row.value]))
      const value = (username: string, attribute: string): string | null =>
        stored.get(`${username}\n${attribute}`) ?? null
      for (const c of customers) {
        const expiration = value(c.username, Check.Expiration)
        const expiresAt = c.expiresAt ?? (expiration ? parseExpiration(expiration, zone) : null)
        yield [
          ...[c.username, value(c.username, Check.Password), c.fullName, c.service],
          ...[names.get(c.packageId ?? 0) ?? null, c.status, c.phone, c.email, c.address],
          ...[
            c.latitude,
            c.longitude,
            c.notes,
            c.macAddress,
            c.staticIp,
            time(c.startedAt),
            time(expiresAt),
          ],
        ]
      }
    }
  }

  async *#vouchers(batchId?: number): Rows {
    const time = (value: DateTime | Date | null) => this.#localTime(value)
    const batches = new Map<number, VoucherBatch>()
    const states = new VoucherService()
    const chunks = this.#chunks((afterId) => {
      const query = Voucher.query().where('id', '>', afterId).orderBy('id').limit(1000)
      return batchId ? query.where('batch_id', batchId) : query
    })
    for await (const vouchers of chunks) {
      const missing = [...new Set(vouchers.map((v) => v.batchId))].filter((id) => !batches.has(id))
      for (const batch of await VoucherBatch.query().whereIn('id', missing))
        batches.set(batch.id, batch)
      const state = await states.statesOf(vouchers.map((v) => v.code))
      for (const v of vouchers) {
        const batch = batches.get(v.batchId)!
        const s = state.get(v.code)!
        yield [
          ...[v.code, v.password, batch.id, batch.packageName, batch.price, s.status],
          ...[
            time(s.firstUsedAt),
            s.usedByMac,
            time(s.expiresAt),
            batch.createdByName,
            time(batch.createdAt),
          ],
        ]
      }
    }
  }

  async *#packages(): Rows {
    const packages = await Package.query().orderBy('id')
    for (const pkg of packages) {
      const row = pkg.$attributes as Record<string, unknown>
      yield PACKAGE_COLUMNS.map((column) => {
        const value = row[column.replace(/_(\w)/g, (_, c: string) => c.toUpperCase())]
        return typeof value === 'boolean' ? (value ? 1 : 0) : ((value ?? null) as Cell)
      })
    }
  }

  /** A time as the tenant reads it, for a spreadsheet cell. */
  #localTime(value: DateTime | Date | null): string | null {
    if (!value) return null
    const time = value instanceof Date ? DateTime.fromJSDate(value) : value
    return time.setZone(this.#zone()).toFormat('yyyy-MM-dd HH:mm:ss')
  }

  #zone(): string {
    return tenantContext.require().tenant.timezone || 'UTC'
  }
}
