/*
 * Typed failures of the plugin layer. Callers test `error.code`, not `instanceof`: a plugin
 * published on npm cannot import these classes and throws any Error carrying the same code.
 */

/** Codes of the registry and of the services it offers plugins. */
export type PluginErrorCode =
  | 'E_PLUGIN_INVALID'
  | 'E_PLUGIN_DUPLICATE'
  | 'E_PLUGIN_UNKNOWN'
  | 'E_PLUGIN_LOAD'
  | 'E_PLUGIN_SETTINGS'
  | 'E_PLUGIN_SERVICE_UNAVAILABLE'
  | 'E_PLUGIN_HTTP_TIMEOUT'

/** Codes a payment gateway rejects with. */
export type PaymentErrorCode =
  | 'E_PAYMENT_SIGNATURE'
  | 'E_PAYMENT_NOTIFICATION'
  | 'E_PAYMENT_REQUEST'
  | 'E_PAYMENT_CHANNEL'
  | 'E_PAYMENT_REFERENCE'

/** Codes a device driver rejects with. */
export type DeviceErrorCode = 'E_DEVICE_UNREACHABLE' | 'E_DEVICE_REFUSED' | 'E_DEVICE_UNSUPPORTED'

/** The registry refused or could not provide a plugin. */
export class PluginError extends Error {
  /** HTTP status when it reaches a page: an unknown plugin name in a URL is a 404. */
  readonly status: number

  constructor(
    message: string,
    readonly code: PluginErrorCode,
    /** Each thing wrong, for E_PLUGIN_INVALID and E_PLUGIN_SETTINGS. */
    readonly problems: readonly string[] = [],
    options?: ErrorOptions
  ) {
    super(message, options)
    this.name = 'PluginError'
    this.status = code === 'E_PLUGIN_UNKNOWN' ? 404 : 500
  }

  /** A plugin whose manifest or contract is wrong; lists every problem. */
  static invalid(source: string, problems: readonly string[]) {
    const list = problems.map((problem) => `  - ${problem}`).join('\n')
    return new PluginError(
      `Plugin ${source} is invalid and was not loaded:\n${list}`,
      'E_PLUGIN_INVALID',
      problems
    )
  }
}

/** A payment gateway failed (signature, unreadable notification, refused request). */
export class PaymentError extends Error {
  constructor(
    message: string,
    readonly code: PaymentErrorCode,
    options?: ErrorOptions
  ) {
    super(message, options)
    this.name = 'PaymentError'
  }
}

/** A device driver could not reach the router or the router refused the command. */
export class DeviceError extends Error {
  constructor(
    message: string,
    readonly code: DeviceErrorCode,
    options?: ErrorOptions
  ) {
    super(message, options)
    this.name = 'DeviceError'
  }
}

/** Whether `error` carries `code` (works for plugins that throw their own Error classes). */
export function hasErrorCode(error: unknown, code: string): boolean {
  return error instanceof Error && (error as Error & { code?: unknown }).code === code
}
