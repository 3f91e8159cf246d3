import { AsyncLocalStorage } from 'node:async_hooks'
import type Tenant from '#models/central/tenant'
import { TenancyError } from './tenancy_error.js'

/** What is bound to the current request, job or command: one tenant and its connection. */
export interface TenantScope {
  tenant: Tenant
  connectionName: string
}

const storage = new AsyncLocalStorage<TenantScope>()

/**
 * The tenant a piece of work runs for. Bound once (host → tenant, or a job's payload) and read
 * by tenant models and services, so nobody passes a tenant or a connection name by hand.
 */
export const tenantContext = {
  /** Run `fn` with `scope` bound; everything awaited inside sees it. */
  run<T>(scope: TenantScope, fn: () => T): T {
    return storage.run(scope, fn)
  },

  /** The bound scope, if any. */
  current(): TenantScope | undefined {
    return storage.getStore()
  },

  /** The bound scope; throws when code that needs a tenant runs outside one. */
  require(): TenantScope {
    const scope = storage.getStore()
    if (!scope) throw TenancyError.noContext()
    return scope
  },
}
