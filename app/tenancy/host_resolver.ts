import Domain from '#models/central/domain'
import type Tenant from '#models/central/tenant'

/** What a request's host name is: the platform console, a tenant, or nobody we know. */
export type HostMatch =
  { kind: 'platform' } | { kind: 'tenant'; tenant: Tenant; domain: Domain } | { kind: 'unknown' }

/** Lower-cases and strips the port and a trailing dot, so `MyISP.Example.com.:443` matches. */
export function normalizeHost(host: string | null | undefined): string {
  if (!host) return ''
  const withoutPort = host.startsWith('[')
    ? host.slice(0, host.indexOf(']') + 1)
    : host.split(':')[0]
  return withoutPort.trim().toLowerCase().replace(/\.$/, '')
}

/**
 * Maps host names to tenants: `<slug>.<APP_DOMAIN>` and verified custom domains are tenants;
 * `APP_DOMAIN` and `admin.<APP_DOMAIN>` are the platform. One indexed lookup, no cache, so a
 * suspension or a removed domain takes effect on the very next request.
 */
export class HostResolver {
  #appDomain: string

  constructor(appDomain: string) {
    this.#appDomain = normalizeHost(appDomain)
  }

  /** The platform's own host names. */
  isPlatformHost(host: string) {
    return host === this.#appDomain || host === `admin.${this.#appDomain}`
  }

  async resolve(rawHost: string | null | undefined): Promise<HostMatch> {
    const host = normalizeHost(rawHost)
    if (!host) return { kind: 'unknown' }
    if (this.isPlatformHost(host)) return { kind: 'platform' }

    const domain = await Domain.query().where('host', host).preload('tenant').first()
    if (!domain) return { kind: 'unknown' }
    // A custom domain serves only after its CNAME was verified.
    if (domain.kind === 'custom' && !domain.verifiedAt) return { kind: 'unknown' }
    return { kind: 'tenant', tenant: domain.tenant, domain }
  }
}
