import { TenancyError } from '../tenancy_error.js'

/**
 * Quote a database or user name for SQL after checking it is one we generate
 * (`[a-z0-9_]`), so a name can never carry SQL of its own.
 */
export function quoteIdentifier(name: string) {
  if (!/^[a-z0-9_]{1,64}$/.test(name)) {
    throw new TenancyError(`Refusing unsafe database identifier "${name}"`, 'E_TENANT_DB_NAME')
  }
  return `\`${name}\``
}

/** Database name for a tenant slug: prefix + slug with `-` turned into `_`. */
export function databaseNameFor(prefix: string, slug: string) {
  return `${prefix}${slug.replace(/-/g, '_')}`
}
