import vine from '@vinejs/vine'
import env from '#start/env'

const appDomain = env.get('APP_DOMAIN').toLowerCase()

/** A custom domain may not be the platform's own domain or one of its subdomains. */
const notUnderPlatformDomain = vine.createRule((value, _options, field) => {
  if (typeof value !== 'string') return
  if (value === appDomain || value.endsWith(`.${appDomain}`)) {
    field.report(
      'The {{ field }} must be your own domain, not one of ours',
      'customDomainOwn',
      field
    )
  }
})

/** A host name the tenant owns, not yet used by any tenant. */
export function customDomainField() {
  return vine
    .string()
    .trim()
    .toLowerCase()
    .maxLength(253)
    .regex(/^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/)
    .use(notUnderPlatformDomain())
    .unique({ table: 'domains', column: 'host' })
}
