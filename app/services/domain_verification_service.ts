import { Resolver } from 'node:dns/promises'
import { DateTime } from 'luxon'
import env from '#start/env'
import Domain from '#models/central/domain'
import { normalizeHost } from '#tenancy/host_resolver'

/** What the service needs of a DNS resolver (node's `Resolver` fits). */
export interface CnameResolver {
  resolveCname(host: string): Promise<string[]>
}

/** The resolver of DNS_SERVERS when set (tests, split-horizon setups), else the system's. */
export function defaultResolver(): CnameResolver {
  const resolver = new Resolver({ timeout: 3000, tries: 2 })
  const servers = env.get('DNS_SERVERS')
  if (servers) resolver.setServers(servers.split(',').map((server) => server.trim()))
  return resolver
}

/**
 * Proves a custom domain points at the platform: its CNAME must be CNAME_TARGET (default
 * APP_DOMAIN). Until then the host serves nothing and the TLS ask hook refuses it; a domain
 * whose CNAME goes away later stops serving at the next check.
 */
export class DomainVerificationService {
  #target: string

  constructor(
    private resolver: CnameResolver = defaultResolver(),
    target = env.get('CNAME_TARGET') || env.get('APP_DOMAIN')
  ) {
    this.#target = normalizeHost(target)
  }

  /** Check one custom domain now and record the outcome; returns whether it is verified. */
  async verify(domain: Domain): Promise<boolean> {
    if (domain.kind !== 'custom') return true
    let error: string | null = null
    try {
      const answers = await this.resolver.resolveCname(domain.host)
      const names = answers.map(normalizeHost)
      if (!names.includes(this.#target))
        error = `CNAME points to ${names.join(', ') || 'nothing'}, not ${this.#target}`
    } catch (failure) {
      error = `CNAME lookup failed (${(failure as { code?: string }).code ?? 'error'})`
    }
    domain.merge({
      lastCheckedAt: DateTime.now(),
      lastCheckError: error,
      verifiedAt: error ? null : (domain.verifiedAt ?? DateTime.now()),
    })
    await domain.save()
    return !error
  }

  /** Check every custom domain (the scheduled job and `node ace domains:verify`). */
  async verifyAll(): Promise<{ checked: number; verified: number }> {
    const domains = await Domain.query().where('kind', 'custom').orderBy('id')
    let verified = 0
    for (const domain of domains) if (await this.verify(domain)) verified++
    return { checked: domains.length, verified }
  }
}
