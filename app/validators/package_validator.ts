import vine from '@vinejs/vine'
import type { I18n } from '@adonisjs/i18n'
import type { Infer, MessagesProviderContact } from '@vinejs/vine/types'
import { PackageKind } from '#enums/package_kind'
import Package from '#models/tenant/package'
import { packageProblems, type PackageInput } from '#services/package_service'
import { ruleErrors, scopedMessages } from '#validators/validation_messages'

const GiB = 1024 ** 3

const amount = () => vine.number().min(0).max(1_000_000_000).withoutDecimals()
const mbps = () => vine.number().min(0).max(100_000)
const optionalMbps = () => mbps().optional().nullable()
const whole = (max: number) => vine.number().withoutDecimals().min(0).max(max)

/** The package form (rates in Mbit/s, quotas in hours and GB, idle timeout in minutes). */
export const packageValidator = vine.create({
  name: vine.string().trim().minLength(2).maxLength(64),
  kind: vine.enum(Object.values(PackageKind)),
  description: vine.string().trim().maxLength(255).optional().nullable(),
  price: amount(),
  resellerPrice: amount().optional().nullable(),
  rateUp: mbps(),
  rateDown: mbps(),
  burstUp: optionalMbps(),
  burstDown: optionalMbps(),
  burstThresholdUp: optionalMbps(),
  burstThresholdDown: optionalMbps(),
  burstTime: whole(3600).optional().nullable(),
  priority: vine.number().withoutDecimals().optional().nullable(),
  validityUnit: vine.enum(['minutes', 'hours', 'days', 'months', 'period'] as const),
  validityValue: whole(100_000).optional().nullable(),
  periodDay: vine.number().withoutDecimals().optional().nullable(),
  validityStart: vine.enum(['purchase', 'first_login'] as const),
  timeQuota: vine.number().min(0).max(100_000).optional().nullable(),
  dataQuota: vine.number().min(0).max(1_000_000).optional().nullable(),
  sharedUsers: whole(1000),
  fupThreshold: vine.number().min(0).max(1_000_000).optional().nullable(),
  fupRateUp: optionalMbps(),
  fupRateDown: optionalMbps(),
  ipPool: vine
    .string()
    .trim()
    .regex(/^[\w.-]{1,64}$/)
    .optional()
    .nullable(),
  staticIp: vine.boolean().optional(),
  idleTimeout: whole(100_000).optional().nullable(),
  interimInterval: vine.number().withoutDecimals().min(30).max(86_400).optional().nullable(),
  macBinding: vine.boolean().optional(),
  purchasableOnline: vine.boolean().optional(),
  isActive: vine.boolean().optional(),
  applyNow: vine.boolean().optional(),
})

/** The isolir profile form (the tenant's `isolir` group). */
export const isolirValidator = vine.create({
  addressList: vine
    .string()
    .trim()
    .regex(/^[\w.-]{1,64}$/)
    .optional()
    .nullable(),
  pool: vine
    .string()
    .trim()
    .regex(/^[\w.-]{1,64}$/)
    .optional()
    .nullable(),
  rateUp: optionalMbps(),
  rateDown: optionalMbps(),
})

type PackageForm = Infer<typeof packageValidator>

/** Form field of each package field (the form uses operator units). */
const FORM_FIELD: Partial<Record<keyof PackageInput, keyof PackageForm>> = {
  rateUpKbps: 'rateUp',
  rateDownKbps: 'rateDown',
  burstUpKbps: 'burstUp',
  burstDownKbps: 'burstDown',
  burstThresholdUpKbps: 'burstThresholdUp',
  burstThresholdDownKbps: 'burstThresholdDown',
  burstTimeSeconds: 'burstTime',
  timeQuotaSeconds: 'timeQuota',
  dataQuotaBytes: 'dataQuota',
  fupThresholdBytes: 'fupThreshold',
  fupRateUpKbps: 'fupRateUp',
  fupRateDownKbps: 'fupRateDown',
  idleTimeoutSeconds: 'idleTimeout',
  interimIntervalSeconds: 'interimInterval',
}

const kbps = (value: number | null | undefined) =>
  value === null || value === undefined ? null : Math.round(value * 1000)
const scaled = (value: number | null | undefined, factor: number) =>
  value === null || value === undefined ? null : Math.round(value * factor)

/** The form in the package's units (kbit/s, seconds, bytes). */
export function toPackageInput(form: PackageForm): PackageInput {
  const period = form.validityUnit === 'period'
  return {
    name: form.name,
    kind: form.kind,
    description: form.description ?? null,
    price: form.price,
    resellerPrice: form.resellerPrice ?? null,
    rateUpKbps: kbps(form.rateUp)!,
    rateDownKbps: kbps(form.rateDown)!,
    burstUpKbps: kbps(form.burstUp),
    burstDownKbps: kbps(form.burstDown),
    burstThresholdUpKbps: kbps(form.burstThresholdUp),
    burstThresholdDownKbps: kbps(form.burstThresholdDown),
    burstTimeSeconds: form.burstTime ?? null,
    priority: form.priority ?? null,
    validityUnit: form.validityUnit,
    validityValue: period ? null : (form.validityValue ?? null),
    periodDay: period ? (form.periodDay ?? null) : null,
    validityStart: form.validityStart,
    timeQuotaSeconds: scaled(form.timeQuota, 3600),
    dataQuotaBytes: scaled(form.dataQuota, GiB),
    sharedUsers: form.sharedUsers,
    fupThresholdBytes: scaled(form.fupThreshold, GiB),
    fupRateUpKbps: kbps(form.fupRateUp),
    fupRateDownKbps: kbps(form.fupRateDown),
    ipPool: form.ipPool ?? null,
    staticIp: form.staticIp ?? false,
    idleTimeoutSeconds: scaled(form.idleTimeout, 60),
    interimIntervalSeconds: form.interimInterval ?? null,
    macBinding: form.macBinding ?? false,
    purchasableOnline: form.purchasableOnline ?? false,
    isActive: form.isActive ?? false,
  }
}

/** A package as the form shows it (the inverse of toPackageInput). */
export function toPackageForm(pkg: Package): Partial<PackageForm> {
  const mb = (value: number | null) => (value === null ? null : value / 1000)
  const per = (value: number | null, factor: number) => (value === null ? null : value / factor)
  return {
    ...pkg.serialize(),
    rateUp: mb(pkg.rateUpKbps)!,
    rateDown: mb(pkg.rateDownKbps)!,
    burstUp: mb(pkg.burstUpKbps),
    burstDown: mb(pkg.burstDownKbps),
    burstThresholdUp: mb(pkg.burstThresholdUpKbps),
    burstThresholdDown: mb(pkg.burstThresholdDownKbps),
    burstTime: pkg.burstTimeSeconds,
    timeQuota: per(pkg.timeQuotaSeconds, 3600),
    dataQuota: per(pkg.dataQuotaBytes, GiB),
    fupThreshold: per(pkg.fupThresholdBytes, GiB),
    fupRateUp: mb(pkg.fupRateUpKbps),
    fupRateDown: mb(pkg.fupRateDownKbps),
    idleTimeout: per(pkg.idleTimeoutSeconds, 60),
    interimInterval: pkg.interimIntervalSeconds,
  }
}

/**
 * Validates the form, then the combinations the package builder refuses (burst below the rate,
 * FUP without its rate, static IP on hotspot, …), each reported under its own field.
 */
export async function validatePackage(
  validate: (messagesProvider: MessagesProviderContact) => Promise<PackageForm>,
  i18n: I18n,
  exceptId?: number
): Promise<{ input: PackageInput; applyNow: boolean }> {
  const messages = scopedMessages(i18n, 'packages')
  const form = await validate(messages)
  const input = toPackageInput(form)
  const problems: { field: string; rule: string }[] = packageProblems(input)
  const taken = Package.query().where('name', input.name)
  if (exceptId) taken.whereNot('id', exceptId)
  if (await taken.first()) problems.unshift({ field: 'name', rule: 'nameTaken' })
  if (problems.length > 0) {
    throw ruleErrors(
      messages,
      problems.map(({ field, rule }) => ({
        field: FORM_FIELD[field as keyof PackageInput] ?? field,
        rule,
      }))
    )
  }
  return { input, applyNow: form.applyNow ?? false }
}
