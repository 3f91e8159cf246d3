import vine from '@vinejs/vine'
import { TenantRole } from '#enums/tenant_role'
import { tenantContext } from '#tenancy/tenant_context'

/** Roles an Owner can give to staff (there is one Owner; customers sign up through the portal). */
export const ASSIGNABLE_STAFF_ROLES = [
  TenantRole.Admin,
  TenantRole.Technician,
  TenantRole.Cashier,
  TenantRole.Support,
  TenantRole.Reseller,
  TenantRole.Investor,
] as const

/** Unique e-mail within the current tenant's users, ignoring `exceptId`. */
function uniqueTenantEmail(exceptId?: number) {
  return async (db: any, value: string) => {
    const query = db
      .connection(tenantContext.require().connectionName)
      .from('users')
      .where('email', value)
    if (exceptId) query.whereNot('id', exceptId)
    return !(await query.first())
  }
}

export const staffStoreValidator = vine.create({
  fullName: vine.string().trim().minLength(2).maxLength(120),
  email: vine
    .string()
    .trim()
    .email()
    .normalizeEmail({ all_lowercase: true })
    .maxLength(254)
    .unique(uniqueTenantEmail()),
  password: vine.string().minLength(8).maxLength(128),
  role: vine.enum(ASSIGNABLE_STAFF_ROLES),
})

/** Built per request: the e-mail must stay unique among the tenant's other users. */
export function staffUpdateValidator(staffId: number) {
  return vine.create({
    fullName: vine.string().trim().minLength(2).maxLength(120),
    email: vine
      .string()
      .trim()
      .email()
      .normalizeEmail({ all_lowercase: true })
      .maxLength(254)
      .unique(uniqueTenantEmail(staffId)),
    password: vine.string().minLength(8).maxLength(128).optional(),
    role: vine.enum(ASSIGNABLE_STAFF_ROLES).optional(),
    status: vine.enum(['active', 'disabled'] as const),
  })
}
