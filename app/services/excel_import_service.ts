/*
 * Customer import from .xlsx or CSV, in two steps: `check` reads the whole file and reports
 * every problem (file, columns, each row: rules, unknown package, username taken or repeated)
 * without writing anything; `import` checks again and, only when nothing is wrong, writes all
 * customers with their RADIUS accounts in one transaction — all of them or none.
 */
import { DateTime } from 'luxon'
import Package from '#models/tenant/package'
import { PackageKind } from '#enums/package_kind'
import { tenantContext } from '#tenancy/tenant_context'
import { inTenantTransaction, tenantDb } from '#radius/sql/tenant_db'
import { sqlTimestamp } from '#helpers/sql_timestamp'
import { generatePassword } from '#services/customer_service'
import { userSettingsOf } from '#services/package_radius_mapper'
import { insertRows } from '#radius/sql/insert_rows'
import { RadiusUserService } from '#services/radius_user_service'
import {
  checkCustomerRow,
  isZip,
  spreadsheetRows,
  CUSTOMER_COLUMNS,
  REQUIRED_COLUMNS,
  type CustomerColumn,
  type CustomerRow,
  type RowError,
} from '#validators/excel_import_validator'

/** Everything wrong with a file (empty lists: nothing), and the rows that are fine. */
export interface ImportReport {
  /** not_xlsx | unreadable | empty | too_many_rows, or null. */
  fileError: string | null
  missingColumns: string[]
  unknownColumns: string[]
  /** Data rows read (blank rows skipped). */
  rows: number
  errors: RowError[]
  customers: CustomerRow[]
}

/** Whether a report allows the import. */
export function importable(report: ImportReport): boolean {
  return (
    !report.fileError &&
    !report.missingColumns.length &&
    !report.unknownColumns.length &&
    !report.errors.length &&
    report.customers.length > 0
  )
}

/** A file that did not pass: nothing was written. */
export class ImportRefusedError extends Error {
  readonly code = 'E_IMPORT_REFUSED'
  constructor(readonly report: ImportReport) {
    super('The file has problems: nothing was imported')
  }
}

/** Most rows one file may hold. */
export const MAX_IMPORT_ROWS = 100_000

/** Checks and imports customer files into the bound tenant. */
export class ExcelImportService {
  /** Reads and checks the whole file; writes nothing. */
  async check(path: string, format: 'xlsx' | 'csv'): Promise<ImportReport> {
    const report: ImportReport = {
      fileError: null,
      missingColumns: [],
      unknownColumns: [],
      rows: 0,
      errors: [],
      customers: [],
    }
    if (format === 'xlsx' && !(await isZip(path))) return { ...report, fileError: 'not_xlsx' }
    const zone = tenantContext.require().tenant.timezone || 'UTC'
    let columns: (CustomerColumn | null)[] | null = null
    let line = 0
    try {
      for await (const cells of spreadsheetRows(path, format)) {
        line++
        if (cells.every((cell) => cell === '')) continue
        if (!columns) {
          columns = this.#columns(cells, report)
          if (report.missingColumns.length || report.unknownColumns.length) return report
          continue
        }
        if (++report.rows > MAX_IMPORT_ROWS) return { ...report, fileError: 'too_many_rows' }
        const byColumn: Partial<Record<CustomerColumn, string>> = {}
        columns.forEach((column, index) => column && (byColumn[column] = cells[index] ?? ''))
        // A phone typed into Excel as a number loses its leading 0.
        if (/^8\d{8,12}$/.test(byColumn.phone ?? '')) byColumn.phone = `0${byColumn.phone}`
        const { customer, errors } = checkCustomerRow(line, byColumn, zone)
        if (customer) report.customers.push(customer)
        report.errors.push(...errors)
      }
    } catch {
      return { ...report, fileError: format === 'xlsx' ? 'not_xlsx' : 'unreadable' }
    }
    if (!columns || report.rows === 0) return { ...report, fileError: 'empty' }
    await this.#checkAgainstTenant(report)
    report.errors.sort((a, b) => a.row - b.row)
    return report
  }

  /** Checks again and writes every customer in one transaction; refuses a file with problems. */
  async import(path: string, format: 'xlsx' | 'csv', actorId: number | null): Promise<number> {
    const report = await this.check(path, format)
    if (!importable(report)) throw new ImportRefusedError(report)
    const catalogue = await Package.all()
    const packages = new Map(catalogue.map((pkg) => [pkg.name, pkg]))
    const zone = tenantContext.require().tenant.timezone || 'UTC'
    const now = new Date()
    const stamp = sqlTimestamp()
    const time = (date: Date | null) => (date ? sqlTimestamp(DateTime.fromJSDate(date)) : null)
    await inTenantTransaction(undefined, async (trx) => {
      const rows = report.customers.map((c) => [
        ...[c.username, c.service, c.fullName, c.phone, c.email, c.address, c.latitude],
        ...[
          c.longitude,
          c.notes,
          c.status,
          c.macAddress,
          c.staticIp,
          packages.get(c.packageName)!.id,
        ],
        ...[time(c.startedAt), time(c.expiresAt), actorId, stamp, stamp],
      ])
      await insertRows(trx, 'customers', CUSTOMER_TABLE_COLUMNS, rows)
      const ids = new Map<string, number>()
      for (let start = 0; start < rows.length; start += 1000) {
        const names = report.customers.slice(start, start + 1000).map((c) => c.username)
        for (const row of await trx
          .from('customers')
          .whereIn('username', names)
          .select('id', 'username')) {
          ids.set(row.username, row.id)
        }
      }
      await insertRows(
        trx,
        'subscriptions',
        [
          'customer_id',
          'package_id',
          'package_name',
          'price',
          'action',
          'starts_at',
          'expires_at',
          'created_by',
          'note',
          'created_at',
        ],
        report.customers.map((c) => {
          const pkg = packages.get(c.packageName)!
          return [
            ids.get(c.username)!,
            pkg.id,
            pkg.name,
            0,
            'create',
            time(c.startedAt ?? now),
            time(c.expiresAt),
            actorId,
            'Imported',
            stamp,
          ]
        })
      )
      await new RadiusUserService().createMany(
        report.customers.map((c) => {
          const pkg = packages.get(c.packageName)!
          const validity = userSettingsOf(pkg, c.startedAt ?? now, zone)
          if (c.expiresAt) Object.assign(validity, { expiration: c.expiresAt, accessPeriod: null })
          return {
            ...validity,
            username: c.username,
            groups: [pkg.groupName],
            status: c.status,
            password: c.password ?? generatePassword(),
            allowedService: c.service,
            macAddress: c.macAddress,
            staticIp: c.staticIp,
            bindMacOnFirstLogin: c.macAddress ? null : validity.bindMacOnFirstLogin,
          }
        }),
        { trx }
      )
    })
    return report.customers.length
  }

  /** Maps the header to columns; records missing and unknown ones. */
  #columns(header: string[], report: ImportReport): (CustomerColumn | null)[] {
    const known = new Set<string>(CUSTOMER_COLUMNS)
    const columns = header.map((name) =>
      name
        .trim()
        .toLowerCase()
        .replace(/[\s-]+/g, '_')
    )
    report.unknownColumns = columns.filter((name) => name && !known.has(name))
    report.missingColumns = REQUIRED_COLUMNS.filter((name) => !columns.includes(name))
    return columns.map((name) => (known.has(name) ? (name as CustomerColumn) : null))
  }

  /** Unknown packages, packages for the other service, usernames repeated or already taken. */
  async #checkAgainstTenant(report: ImportReport) {
    const names = [...new Set(report.customers.map((c) => c.packageName))]
    const found = await Package.query().whereIn('name', names)
    const packages = new Map(found.map((p) => [p.name, p]))
    const taken = await this.#takenUsernames(report.customers.map((c) => c.username))
    const seen = new Map<string, number>()
    const valid: CustomerRow[] = []
    for (const customer of report.customers) {
      const before = report.errors.length
      const fail = (column: RowError['column'], rule: string, value: string) =>
        report.errors.push({ row: customer.row, column, rule, value })
      const pkg = packages.get(customer.packageName)
      const kind = pkg?.kind as string | undefined
      if (!pkg) fail('package', 'unknown_package', customer.packageName)
      else if (
        (kind === PackageKind.Hotspot || kind === PackageKind.Pppoe) &&
        kind !== customer.service
      ) {
        fail('package', 'package_service', customer.packageName)
      } else if (pkg.staticIp && !customer.staticIp) fail('static_ip', 'static_ip_required', '')
      // Case-insensitive: MySQL's collation treats Budi and budi as one username.
      const key = customer.username.toLowerCase()
      const first = seen.get(key)
      if (first !== undefined)
        fail('username', 'duplicate_username', `${customer.username} (${first})`)
      else seen.set(key, customer.row)
      if (taken.has(key)) fail('username', 'username_taken', customer.username)
      if (report.errors.length === before) valid.push(customer)
    }
    report.customers = valid
  }

  /** Usernames (lower case) already used by a customer, a RADIUS user or a voucher. */
  async #takenUsernames(usernames: string[]): Promise<Set<string>> {
    const { client } = tenantDb()
    const taken = new Set<string>()
    for (let start = 0; start < usernames.length; start += 1000) {
      const slice = usernames.slice(start, start + 1000)
      const [customers, users, vouchers] = await Promise.all([
        client.from('customers').whereIn('username', slice).select('username'),
        client.from('radcheck').whereIn('username', slice).distinct('username'),
        client.from('vouchers').whereIn('code', slice).select('code as username'),
      ])
      for (const row of [...customers, ...users, ...vouchers]) taken.add(row.username.toLowerCase())
    }
    return taken
  }
}

const CUSTOMER_TABLE_COLUMNS = [
  ...['username', 'service', 'full_name', 'phone', 'email', 'address', 'latitude', 'longitude'],
  ...['notes', 'status', 'mac_address', 'static_ip', 'package_id', 'started_at', 'expires_at'],
  ...['created_by', 'created_at', 'updated_at'],
]
