import { createHash } from 'node:crypto'
import { ALPHANUMERIC, randomText } from '#helpers/random_text'
import { CpanelError } from './cpanel_error.js'
import type { CpanelRestrictions } from './cpanel_types.js'

const HASH_LENGTH = 7
const KEBAB_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
const MIN_PASSWORD_LENGTH = 24

type Cost = (name: string) => number

/** Length cPanel counts for a database name: it stores each `_` escaped, so it costs two (§3.4). */
export function databaseNameCost(name: string): number {
  return name.length + (name.match(/_/g)?.length ?? 0)
}

/**
 * Database name for a tenant: account prefix (from `get_restrictions`, never the username),
 * then `stem` (a fixed app prefix such as `rb_t_`), then the slug, fitted to the account's limit.
 */
export function tenantDatabaseName(
  slug: string,
  restrictions: CpanelRestrictions,
  stem = ''
): string {
  return fitName(
    slug,
    restrictions.prefix ?? '',
    stem,
    restrictions.maxDatabaseNameLength,
    databaseNameCost,
    'database'
  )
}

/** Database user name for a tenant, built like the database name but under `max_username_length`. */
export function tenantDatabaseUser(
  slug: string,
  restrictions: CpanelRestrictions,
  stem = ''
): string {
  return fitName(
    slug,
    restrictions.prefix ?? '',
    stem,
    restrictions.maxUsernameLength,
    (name) => name.length,
    'database user'
  )
}

/**
 * A random password for a tenant's database user: `length` characters from `[A-Za-z0-9]`,
 * always mixing lower case, upper case and digits.
 */
export function generateDatabasePassword(length = 32): string {
  if (!Number.isInteger(length) || length < MIN_PASSWORD_LENGTH) {
    throw new RangeError(
      `A database password needs at least ${MIN_PASSWORD_LENGTH} characters, got ${length}`
    )
  }
  // MySQL password policies (validate_password) often demand every class: redraw until present.
  for (;;) {
    const password = randomText(ALPHANUMERIC, length)
    if (/[a-z]/.test(password) && /[A-Z]/.test(password) && /[0-9]/.test(password)) return password
  }
}

/**
 * `prefix + stem + slug` when the slug is kebab-case and the whole fits. Otherwise the slug is
 * cut to fit and a hash of the full slug is appended, so two slugs never share a name: kebab
 * slugs map one-to-one onto `[a-z0-9_]`, anything else (`a_b`, `A-B`) is told apart by the hash.
 */
function fitName(
  slug: string,
  prefix: string,
  stem: string,
  limit: number,
  cost: Cost,
  kind: string
): string {
  if (!/^[a-z0-9_]*$/.test(stem)) {
    throw new CpanelError(
      'E_CPANEL_NAME',
      `The tenant database prefix "${stem}" may only use a-z, 0-9 and _: fix TENANT_DB_PREFIX`
    )
  }
  const head = `${prefix}${stem}`
  const readable = slug
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
  if (KEBAB_SLUG.test(slug) && cost(head + readable) <= limit) return head + readable

  const room = limit - cost(head)
  if (room < HASH_LENGTH) {
    throw new CpanelError(
      'E_CPANEL_NAME',
      `The cPanel prefix "${prefix}" and TENANT_DB_PREFIX "${stem}" leave ${Math.max(room, 0)} of ${limit} characters ` +
        `for a tenant ${kind} name; at least ${HASH_LENGTH} are needed: shorten TENANT_DB_PREFIX`
    )
  }
  const hash = slugHash(slug)
  const kept = truncate(readable, room - cost(`_${hash}`), cost)
  return kept ? `${head}${kept}_${hash}` : `${head}${hash}`
}

/** The longest start of `text` that costs at most `room`, without a dangling `_`. */
function truncate(text: string, room: number, cost: Cost): string {
  let end = text.length
  while (end > 0 && cost(text.slice(0, end)) > room) end--
  return text.slice(0, end).replace(/_+$/, '')
}

/** Seven base-36 characters (~36 bits) of SHA-256 over the full slug. */
function slugHash(slug: string): string {
  const digest = createHash('sha256').update(slug).digest('hex')
  return BigInt(`0x${digest.slice(0, 13)}`)
    .toString(36)
    .padStart(HASH_LENGTH, '0')
    .slice(-HASH_LENGTH)
}
