import vine from '@vinejs/vine'
import env from '#start/env'
import { RESERVED_SUBDOMAINS } from '#tenancy/reserved_subdomains'
import { customDomainField } from '#validators/custom_domain_rule'

const appDomain = env.get('APP_DOMAIN').toLowerCase()

/**
 * Sign-up form. The subdomain is checked as typed (no silent lower-casing) so the person sees
 * exactly why `MyISP` or `www` is refused; uniqueness is checked against both the tenants and
 * the domains tables.
 */
export const signupValidator = vine.create({
  businessName: vine.string().trim().minLength(2).maxLength(120),
  subdomain: vine
    .string()
    .trim()
    .minLength(3)
    .maxLength(32)
    .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/)
    .notIn([...RESERVED_SUBDOMAINS])
    .unique({ table: 'tenants', column: 'slug' })
    .unique(
      async (db, value) =>
        !(await db.from('domains').where('host', `${value}.${appDomain}`).first())
    ),
  customDomain: customDomainField().optional(),
  email: vine.string().trim().email().normalizeEmail({ all_lowercase: true }).maxLength(254),
  password: vine.string().minLength(8).maxLength(128),
})
