/*
 * NAS tests over HTTP: a staff member logged in through the real form, the NAS form as a browser
 * sends it, and what the pages show.
 */
import { randomBytes } from 'node:crypto'
import type Tenant from '#models/central/tenant'
import { TenantRole } from '#enums/tenant_role'
import { loginOver, type HttpSession } from '#tests/helpers/http'
import { hostOf, ownerOf, userIn } from '#tests/helpers/tenants'

/** A browser session of a tenant's staff member with `role` (the Owner by default). */
export async function staffSession(tenant: Tenant, role: TenantRole = TenantRole.Owner) {
  const user = role === TenantRole.Owner ? await ownerOf(tenant) : await userIn(tenant, role)
  const { session } = await loginOver(hostOf(tenant), user.email)
  return session
}

/** An address no other test uses. */
export function uniqueAddress() {
  const [a, b, c] = randomBytes(3)
  return `10.${a}.${b}.${1 + (c % 250)}`
}

/** The NAS form as the browser posts it (the Message-Authenticator box ticked, as by default). */
export function nasForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    name: 'Hotspot Kantor',
    type: 'mikrotik',
    ipAddress: uniqueAddress(),
    identifier: '',
    secret: '',
    authPort: '1812',
    acctPort: '1813',
    coaPort: '3799',
    requireMessageAuthenticator: 'on',
    driver: 'radius',
    apiHost: '',
    apiPort: '',
    apiUsername: '',
    apiPassword: '',
    ...overrides,
  }
}

/** Post the NAS form from the create page; resolves with the response. */
export function postNas(session: HttpSession, form: Record<string, string>) {
  return session.submit('/nas/create', '/nas', form)
}

/** The id of the NAS a create redirected to. */
export function createdId(location: string | undefined): number {
  const match = /\/nas\/(\d+)$/.exec(location ?? '')
  if (!match) throw new Error(`not redirected to a NAS page: ${location}`)
  return Number(match[1])
}

const ENTITIES: Record<string, string> = {
  'amp': '&',
  'lt': '<',
  'gt': '>',
  'quot': '"',
  '#39': "'",
  '#x27': "'",
}

/** Undo Edge's HTML escaping. */
export function unescapeHtml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_, name: string) => ENTITIES[name])
}

/** The secret a page shows once, or null. */
export function secretOn(html: string): string | null {
  const match = /id="nas-secret"[^>]*>([^<]*)<\/code>/.exec(html)
  return match ? unescapeHtml(match[1]) : null
}

/** The text of a script download link on a page (its data: URL), by file name. */
export function downloadOn(html: string, filename: string): string | null {
  const match = new RegExp(`href="(data:[^"]+)"[^>]*download="${filename}"`).exec(html)
  if (!match) return null
  const url = unescapeHtml(match[1])
  return decodeURIComponent(url.slice(url.indexOf(',') + 1))
}
