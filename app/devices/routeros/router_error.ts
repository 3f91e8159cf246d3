import { getSystemErrorName } from 'node:util'
import { RosException } from 'node-routeros'

/**
 * Why a RouterOS API call failed. Connection-level failures (unreachable, timeout) are worth a
 * retry; the others are answers: wrong credentials, a `!trap` from the router, or a reply this
 * client cannot read.
 */
export type RouterErrorCode =
  | 'E_ROUTER_UNREACHABLE'
  | 'E_ROUTER_TIMEOUT'
  | 'E_ROUTER_AUTH'
  | 'E_ROUTER_TRAP'
  | 'E_ROUTER_PROTOCOL'

/** A failed RouterOS API call, with a message an operator can act on. */
export class RouterError extends Error {
  /** `!trap` category (EXTERNAL-APIS.md §4.3: 0 missing item, 1 bad argument, 2 interrupted…). */
  readonly category?: number

  constructor(
    message: string,
    readonly code: RouterErrorCode,
    options: ErrorOptions & { category?: number } = {}
  ) {
    super(message, { cause: options.cause })
    this.name = 'RouterError'
    this.category = options.category
  }

  /** True for failures of the connection, where trying again later may succeed. */
  get retryable(): boolean {
    return this.code === 'E_ROUTER_UNREACHABLE' || this.code === 'E_ROUTER_TIMEOUT'
  }

  /** The router answered `!trap`. */
  static trap(message: string, category?: number) {
    return new RouterError(message || 'the router refused the command', 'E_ROUTER_TRAP', {
      category,
    })
  }
}

/**
 * Map whatever node-routeros rejected with to a RouterError naming the router. It rejects socket
 * errors as RosException with a numeric errno, its own timeout as `SOCKTMOUT` and a refused login
 * as `CANTLOGIN`; a `!trap` already arrives as a RouterError (see node_routeros_guards.ts).
 */
export function toRouterError(error: unknown, where: string): RouterError {
  if (error instanceof RouterError) return error
  if (error instanceof RosException) {
    const errno: unknown = error.errno
    if (errno === 'SOCKTMOUT') {
      return new RouterError(`Router ${where} did not answer in time`, 'E_ROUTER_TIMEOUT', {
        cause: error,
      })
    }
    if (errno === 'CANTLOGIN') {
      return new RouterError(
        `Router ${where} refused the API user name or password (check the user has the "api" policy)`,
        'E_ROUTER_AUTH',
        { cause: error }
      )
    }
    if (errno === 'EPROTO') {
      return new RouterError(
        `Router ${where} sent a reply this client cannot parse`,
        'E_ROUTER_PROTOCOL',
        {
          cause: error,
        }
      )
    }
    const code = typeof errno === 'number' ? getSystemErrorName(errno) : String(errno)
    return new RouterError(`Cannot reach router ${where}: ${code}`, 'E_ROUTER_UNREACHABLE', {
      cause: error,
    })
  }
  const message = error instanceof Error ? error.message : String(error)
  return new RouterError(`Cannot reach router ${where}: ${message}`, 'E_ROUTER_UNREACHABLE', {
    cause: error,
  })
}
