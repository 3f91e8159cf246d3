import vine from '@vinejs/vine'
import { CustomerStatus } from '#enums/customer_status'
import { tenantContext } from '#tenancy/tenant_context'
import { normalizeMac } from '#radius/users/mac_address'

/**
 * An Indonesian mobile number as people write it (08…, 628…, +628…, with spaces or dashes),
 * stored as +628…. Mobile numbers are 10 to 13 digits after the leading 0.
 */
export function normalizePhone(value: string): string | null {
  const digits = value.replace(/[\s\-().]/g, '')
  const match = /^(?:\+62|62|0)(8\d{8,12})$/.exec(digits)
  return match ? `+62${match[1]}` : null
}

const indonesianPhone = vine.createRule((value, _options, field) => {
  if (typeof value !== 'string') return
  const phone = normalizePhone(value)
  if (!phone) {
    field.report('The {{ field }} must be an Indonesian mobile number (08…)', 'phone', field)
    return
  }
  field.mutate(phone, field)
})

const macAddress = vine.createRule((value, _options, field) => {
  if (typeof value !== 'string') return
  const mac = normalizeMac(value)
  if (!mac) field.report('The {{ field }} must look like AA:BB:CC:DD:EE:FF', 'mac', field)
  else field.mutate(mac, field)
})

/** A username nobody in the tenant has: no customer, and no RADIUS user (e.g. a voucher). */
async function freeUsername(db: any, value: string) {
  const client = db.connection(tenantContext.require().connectionName)
  const customer = await client.from('customers').where('username', value).first()
  const radius = await client.from('radcheck').where('username', value).select('id').first()
  return !customer && !radius
}

const profile = {
  fullName: vine.string().trim().minLength(2).maxLength(120),
  service: vine.enum(['hotspot', 'pppoe'] as const),
  phone: vine.string().trim().use(indonesianPhone()).optional().nullable(),
  email: vine.string().trim().email().maxLength(254).optional().nullable(),
  address: vine.string().trim().maxLength(255).optional().nullable(),
  latitude: vine.number().range([-90, 90]).nullable().optional().requiredIfExists('longitude'),
  longitude: vine.number().range([-180, 180]).nullable().optional().requiredIfExists('latitude'),
  notes: vine.string().trim().maxLength(2000).optional().nullable(),
  macAddress: vine.string().trim().use(macAddress()).optional().nullable(),
  staticIp: vine.string().trim().ipAddress(4).optional().nullable(),
}

const password = () =>
  vine
    .string()
    .minLength(4)
    .maxLength(64)
    .regex(/^[!-~]+$/)

/** A new customer: profile, login (generated password when empty) and package. */
export const customerStoreValidator = vine.create({
  ...profile,
  username: vine
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._@-]{3,64}$/)
    .unique(freeUsername),
  password: password().optional().nullable(),
  packageId: vine.number().withoutDecimals().positive(),
})

/** The customer's profile, MAC binding and static IP (the username is fixed). */
export const customerUpdateValidator = vine.create(profile)

/** Change package, now or at the next renewal. */
export const changePackageValidator = vine.create({
  packageId: vine.number().withoutDecimals().positive(),
  when: vine.enum(['now', 'renewal'] as const),
})

/** Renew for a number of validity periods. */
export const extendValidator = vine.create({
  periods: vine.number().withoutDecimals().range([1, 24]),
})

/** Disable, enable, isolir or un-isolir (expired is set by the system only). */
export const statusValidator = vine.create({
  status: vine.enum([CustomerStatus.Active, CustomerStatus.Disabled, CustomerStatus.Isolir]),
})

/** A new password, or empty to generate one. */
export const resetPasswordValidator = vine.create({
  password: password().optional().nullable(),
})

/** The list's filters (query string). */
export const customerFilterValidator = vine.create({
  status: vine.enum(Object.values(CustomerStatus)).optional(),
  package: vine.number().withoutDecimals().positive().optional(),
  service: vine.enum(['hotspot', 'pppoe'] as const).optional(),
})
