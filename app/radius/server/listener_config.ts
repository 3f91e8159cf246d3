/*
 * Server settings from the environment (RADIUS_* keys of start/env.ts). Needs no booted app, so
 * the supervising primary can read it.
 */
import env from '#start/env'
import type { ListenerOptions } from './udp_listener.js'

/** Several MB within net.core.rmem_max, so bursts are queued rather than dropped. */
const RECV_BUFFER_SIZE = 4 * 1024 * 1024

/** RADIUS_WORKERS: processes sharing the ports (at least 1). */
export function radiusWorkers(): number {
  return Math.max(1, Math.trunc(env.get('RADIUS_WORKERS') ?? 1))
}

/** Listener settings from RADIUS_BIND, RADIUS_AUTH_PORT and RADIUS_ACCT_PORT. */
export function radiusListenerConfig(reusePort: boolean): ListenerOptions {
  const bind = (env.get('RADIUS_BIND') ?? '0.0.0.0,::')
    .split(',')
    .map((address) => address.trim())
    .filter(Boolean)
  return {
    bind,
    authPort: env.get('RADIUS_AUTH_PORT') ?? 1812,
    acctPort: env.get('RADIUS_ACCT_PORT') ?? 1813,
    reusePort,
    recvBufferSize: RECV_BUFFER_SIZE,
  }
}
