/*
 * What core offers a plugin instance. Deliberately small: anything else a plugin needs it brings
 * itself, so core can change without breaking plugins.
 */
import type { Logger } from '@adonisjs/core/logger'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import type { CoaSender } from '#radius/types'

/** Logging, tagged with the plugin and the tenant. */
export type PluginLogger = Pick<Logger, 'trace' | 'debug' | 'info' | 'warn' | 'error'>

/** `fetch` with a deadline (default 10 s); a late answer rejects with E_PLUGIN_HTTP_TIMEOUT. */
export type PluginFetch = (
  input: string | URL,
  init?: RequestInit & { timeoutMs?: number }
) => Promise<Response>

/**
 * HMAC-SHA256 with a key derived from the app key and the plugin name: a plugin can sign and
 * check internal payloads without ever seeing APP_KEY, and cannot forge another plugin's.
 */
export interface PluginSigner {
  /** Lower-case hex signature of `message`. */
  sign(message: string): string
  /** Constant-time check of a signature made by `sign`. */
  verify(message: string, signature: string): boolean
}

/** The services handed to `create(settings, services)`. */
export interface PluginServices {
  logger: PluginLogger
  fetch: PluginFetch
  signer: PluginSigner
  /** The tenant's database (radacct, …). A function: connect only when a call needs it. */
  db(): QueryClientContract
  /** CoA / Disconnect-Request to a NAS (RFC 5176). */
  coa: CoaSender
}
