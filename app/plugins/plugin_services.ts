/*
 * Builds the services core hands to a plugin instance (contracts/services.ts), bound to one
 * plugin and one tenant.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import type { Logger } from '@adonisjs/core/logger'
import type { CoaSender } from '#radius/types'
import type { TenantScope } from '#tenancy/tenant_context'
import type { PluginFetch, PluginServices, PluginSigner } from './contracts/services.js'
import { PluginError } from './errors.js'

/** What the app provides once, for every plugin (set up by the plugins provider). */
export interface PluginHost {
  logger: Logger
  /** The app key: plugin signing keys are derived from it. */
  appKey: string
  /** The CoA client; resolved on first use so only processes that disconnect need one. */
  coa: () => Promise<CoaSender>
  /** Default deadline of `services.fetch`. */
  fetchTimeoutMs?: number
}

/** HMAC-SHA256 keyed with HMAC(appKey, plugin name). */
export function createSigner(appKey: string, plugin: string): PluginSigner {
  const key = createHmac('sha256', appKey).update(`radius-billing/plugin-signer/${plugin}`).digest()
  const sign = (message: string) => createHmac('sha256', key).update(message).digest('hex')
  return {
    sign,
    verify(message, signature) {
      const expected = Buffer.from(sign(message), 'hex')
      const given = Buffer.from(/^[0-9a-f]+$/i.test(signature) ? signature : '', 'hex')
      return given.length === expected.length && timingSafeEqual(given, expected)
    },
  }
}

/** `fetch` that rejects with E_PLUGIN_HTTP_TIMEOUT after `timeoutMs`. */
export function fetchWithTimeout(defaultTimeoutMs: number): PluginFetch {
  return async (input, init = {}) => {
    const { timeoutMs = defaultTimeoutMs, ...options } = init
    const deadline = AbortSignal.timeout(timeoutMs)
    const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline
    try {
      return await fetch(input, { ...options, signal })
    } catch (error) {
      if (!deadline.aborted) throw error
      throw new PluginError(
        `${options.method ?? 'GET'} ${String(input)} did not answer within ${timeoutMs} ms`,
        'E_PLUGIN_HTTP_TIMEOUT',
        [],
        { cause: error }
      )
    }
  }
}

function unavailable(what: string, plugin: string): never {
  throw new PluginError(
    `Plugin "${plugin}" used ${what}, which is not available here`,
    'E_PLUGIN_SERVICE_UNAVAILABLE'
  )
}

/** A CoA sender resolved lazily from the host. */
function lazyCoa(host: PluginHost): CoaSender {
  return {
    async disconnect(session) {
      const sender = await host.coa()
      return sender.disconnect(session)
    },
    async changeAuthorization(session, attributes) {
      const sender = await host.coa()
      return sender.changeAuthorization(session, attributes)
    },
  }
}

/** Services of `plugin` for the tenant bound by `scope`. */
export function servicesFor(host: PluginHost, plugin: string, scope: TenantScope): PluginServices {
  return {
    logger: host.logger.child({ plugin, tenant: scope.tenant.id }),
    fetch: fetchWithTimeout(host.fetchTimeoutMs ?? 10_000),
    signer: createSigner(host.appKey, plugin),
    db: () => db.connection(scope.connectionName),
    coa: lazyCoa(host),
  }
}

/** Services for the contract check at registration: no database, network or CoA. */
export function checkServices(host: PluginHost, plugin: string): PluginServices {
  return {
    logger: host.logger.child({ plugin }),
    fetch: () => unavailable('fetch while being checked', plugin),
    signer: createSigner(host.appKey, plugin),
    db: () => unavailable('the database while being checked', plugin),
    coa: {
      disconnect: () => unavailable('CoA while being checked', plugin),
      changeAuthorization: () => unavailable('CoA while being checked', plugin),
    },
  }
}
