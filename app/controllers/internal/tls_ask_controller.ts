import type { HttpContext } from '@adonisjs/core/http'
import env from '#start/env'
import { HostResolver, normalizeHost } from '#tenancy/host_resolver'

const resolver = new HostResolver(env.get('APP_DOMAIN'))

/**
 * On-demand TLS `ask` hook (e.g. Caddy's `on_demand_tls { ask <url> }`): 200 when the host in
 * `?domain=` is one we serve, 404 otherwise, so certificates are issued only for our hosts.
 */
export default class TlsAskController {
  async handle({ request, response }: HttpContext) {
    const host = normalizeHost(String(request.input('domain', '')))
    const match = await resolver.resolve(host)
    return match.kind === 'unknown' ? response.notFound('unknown host') : response.ok('ok')
  }
}
