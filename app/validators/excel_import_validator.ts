/*
 * The customer import file: its upload, how it is read (.xlsx or CSV), its columns, and the
 * rules of each row. Row rules are pure (the database checks — package names, usernames already
 * taken — are the import service's), and every broken rule is reported with its row and
 * column, never only the first.
 */
import { open, readFile } from 'node:fs/promises'
import vine from '@vinejs/vine'
import { DateTime } from 'luxon'
import { CustomerStatus } from '#enums/customer_status'
import { normalizeMac } from '#radius/users/mac_address'
import { normalizePhone } from '#validators/customer_validator'
import { firstSheetRows } from '#services/xlsx_sheet_reader'

type Rows = AsyncIterable<string[]>

/** A cell as text: rich text, links and formulas give their text; Excel dates their time. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return ''
  // Excel keeps wall-clock times; exceljs hands them over as if they were UTC.
  if (value instanceof Date)
    return DateTime.fromJSDate(value, { zone: 'UTC' }).toFormat('yyyy-MM-dd HH:mm:ss')
  if (typeof value === 'object') {
    const cell = value as { richText?: { text: string }[]; text?: unknown; result?: unknown }
    if (cell.richText)
      return cell.richText
        .map((part) => part.text)
        .join('')
        .trim()
    if ('text' in cell) return cellText(cell.text)
    if ('result' in cell) return cellText(cell.result)
    return ''
  }
  return String(value).trim()
}

/** The first sheet's rows of an .xlsx, streamed. */
async function* xlsxRows(path: string): Rows {
  for await (const values of firstSheetRows(path)) yield values.map(cellText)
}

/** CSV rows (RFC 4180: quotes, "" inside quotes, line breaks in quotes; `,` or `;`). */
async function* csvRows(path: string): Rows {
  const file = await readFile(path, 'utf8')
  const text = file.replace(/^\uFEFF/, '')
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0)
  const delimiter =
    (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ','
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let index = 0; index < text.length; index++) {
    const char = text[index]
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') ((field += '"'), index++)
      else if (char === '"') quoted = false
      else field += char
    } else if (char === '"') quoted = true
    else if (char === delimiter) (row.push(field), (field = ''))
    else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index++
      ;(row.push(field), (field = ''))
      yield row.map(unguard)
      row = []
    } else field += char
  }
  if (field || row.length) yield [...row, field].map(unguard)
}

/** Undoes the export's guard against spreadsheet formulas (a leading '). */
function unguard(value: string): string {
  const trimmed = value.trim()
  return /^'[=+\-@\t\r]/.test(trimmed) ? trimmed.slice(1) : trimmed
}

/** Whether the file starts as a zip archive does (an .xlsx is one). */
export async function isZip(path: string): Promise<boolean> {
  const handle = await open(path, 'r')
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4), 0, 4, 0)
    return bytesRead === 4 && buffer.readUInt32LE(0) === 0x04034b50
  } finally {
    await handle.close()
  }
}

/** The rows of a customer file as trimmed text cells: the first sheet of an .xlsx, or CSV. */
export function spreadsheetRows(path: string, format: 'xlsx' | 'csv'): Rows {
  return format === 'xlsx' ? xlsxRows(path) : csvRows(path)
}

/** The upload form: one .xlsx or .csv file. */
export const customerImportValidator = vine.create({
  file: vine.file({ size: '20mb', extnames: ['xlsx', 'csv'] }),
})

/** The columns of a customer file, as the export writes them (order free on import). */
export const CUSTOMER_COLUMNS = [
  'username',
  'password',
  'full_name',
  'service',
  'package',
  'status',
  'phone',
  'email',
  'address',
  'latitude',
  'longitude',
  'notes',
  'mac_address',
  'static_ip',
  'started_at',
  'expires_at',
] as const

/** A column of a customer file. */
export type CustomerColumn = (typeof CUSTOMER_COLUMNS)[number]

/** Columns a file must have. */
export const REQUIRED_COLUMNS: CustomerColumn[] = ['username', 'full_name', 'service', 'package']

/** One broken rule: where, which rule (imports.rules.<rule>), and the value found. */
export interface RowError {
  /** The row number as the spreadsheet shows it (the header is row 1). */
  row: number
  column: CustomerColumn | 'file'
  rule: string
  value: string
}

/** A row that passed the rules, typed. */
export interface CustomerRow {
  row: number
  username: string
  password: string | null
  fullName: string
  service: 'hotspot' | 'pppoe'
  packageName: string
  status: CustomerStatus
  phone: string | null
  email: string | null
  address: string | null
  latitude: number | null
  longitude: number | null
  notes: string | null
  macAddress: string | null
  staticIp: string | null
  startedAt: Date | null
  expiresAt: Date | null
}

const USERNAME = /^[A-Za-z0-9._@-]{3,64}$/
const PASSWORD = /^[!-~]{4,64}$/
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/
const STATUSES = Object.values(CustomerStatus) as string[]
const DATE_FORMATS = ['yyyy-MM-dd HH:mm:ss', 'yyyy-MM-dd HH:mm', 'yyyy-MM-dd']

/** A date as the export writes it (or as Excel stored it), in the tenant's zone. */
export function parseImportDate(value: string, zone: string): Date | null {
  for (const format of DATE_FORMATS) {
    const moment = DateTime.fromFormat(value, format, { zone })
    if (moment.isValid) return moment.toJSDate()
  }
  const iso = DateTime.fromISO(value, { zone })
  return iso.isValid ? iso.toJSDate() : null
}

/** Checks one row (cells by column, already trimmed text); returns it typed, or its errors. */
export function checkCustomerRow(
  row: number,
  cells: Partial<Record<CustomerColumn, string>>,
  zone: string
): { customer: CustomerRow | null; errors: RowError[] } {
  const errors: RowError[] = []
  const cell = (column: CustomerColumn) => cells[column] ?? ''
  const fail = (column: CustomerColumn, rule: string) =>
    errors.push({ row, column, rule, value: cell(column).slice(0, 100) })
  const optional = <T>(
    column: CustomerColumn,
    parse: (value: string) => T | null,
    rule: string
  ) => {
    if (!cell(column)) return null
    const parsed = parse(cell(column))
    if (parsed === null) fail(column, rule)
    return parsed
  }
  const text = (column: CustomerColumn, max: number) => {
    if (cell(column).length > max) fail(column, 'too_long')
    return cell(column) || null
  }

  for (const column of REQUIRED_COLUMNS) if (!cell(column)) fail(column, 'required')
  if (cell('username') && !USERNAME.test(cell('username'))) fail('username', 'username')
  const password = optional('password', (v) => (PASSWORD.test(v) ? v : null), 'password')
  const fullName = cell('full_name')
  if (fullName && (fullName.length < 2 || fullName.length > 120)) fail('full_name', 'full_name')
  const service = cell('service').toLowerCase()
  if (cell('service') && service !== 'hotspot' && service !== 'pppoe') fail('service', 'service')
  const status = cell('status').toLowerCase() || CustomerStatus.Active
  if (!STATUSES.includes(status)) fail('status', 'status')
  const phone = optional('phone', normalizePhone, 'phone')
  const email = optional('email', (v) => (EMAIL.test(v) && v.length <= 254 ? v : null), 'email')
  const coordinate = (column: CustomerColumn, limit: number) =>
    optional(
      column,
      (v) => (Number.isFinite(Number(v)) && Math.abs(Number(v)) <= limit ? Number(v) : null),
      'coordinate'
    )
  const latitude = coordinate('latitude', 90)
  const longitude = coordinate('longitude', 180)
  if (
    (latitude === null) !== (longitude === null) &&
    !errors.some((e) => e.rule === 'coordinate')
  ) {
    fail(latitude === null ? 'latitude' : 'longitude', 'coordinate_pair')
  }
  const macAddress = optional('mac_address', normalizeMac, 'mac')
  const staticIp = optional('static_ip', (v) => (IPV4.test(v) ? v : null), 'ip')
  const startedAt = optional('started_at', (v) => parseImportDate(v, zone), 'date')
  const expiresAt = optional('expires_at', (v) => parseImportDate(v, zone), 'date')
  const address = text('address', 255)
  const notes = text('notes', 2000)
  if (cell('package').length > 64) fail('package', 'too_long')

  if (errors.length) return { customer: null, errors }
  return {
    customer: {
      row,
      username: cell('username'),
      password,
      fullName,
      service: service as CustomerRow['service'],
      packageName: cell('package'),
      status: status as CustomerStatus,
      phone,
      email,
      address,
      latitude,
      longitude,
      notes,
      macAddress,
      staticIp,
      startedAt,
      expiresAt,
    },
    errors,
  }
}
