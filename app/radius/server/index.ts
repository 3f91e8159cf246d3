/*
 * The server with its production wiring: configuration from the environment, the central NAS
 * registry, tenancy scopes, the AAA pipeline.
 */
import tenancy from '#tenancy/main'
import { RadiusAccountingRecorder } from '../accounting/radius_accounting_recorder.js'
import { RadiusAuthorizer } from '../auth/radius_authorizer.js'
import { CoaClient } from '../coa/coa_client.js'
import { NasRegistry } from '../nas_registry.js'
import { RadiusServer, type RadiusServerOptions } from './radius_server.js'
import { radiusListenerConfig } from './listener_config.js'
import type { CoaSender } from '../types.js'

export { RadiusServer } from './radius_server.js'
export type { RadiusServerOptions } from './radius_server.js'
export { radiusListenerConfig, radiusWorkers } from './listener_config.js'
export { WORKER_READY } from './worker_supervisor.js'

/**
 * A server wired to the central registry, tenancy and the AAA pipeline (with the CoA client for
 * mid-session enforcement); `overrides` replace any part.
 */
export function createRadiusServer(
  overrides: Partial<RadiusServerOptions> = {},
  coa?: CoaSender
): RadiusServer {
  const {
    listener = radiusListenerConfig(false),
    registry = new NasRegistry(),
    runInTenant = (tenant, work) => tenancy.run(tenant, work),
    authorizer = new RadiusAuthorizer(),
    recorder = new RadiusAccountingRecorder({ coa: coa ?? new CoaClient() }),
    ...rest
  } = overrides
  return new RadiusServer({ listener, registry, runInTenant, authorizer, recorder, ...rest })
}
