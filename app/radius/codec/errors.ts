/**
 * Why a packet was refused or could not be built.
 */
export type RadiusErrorCode =
  | 'E_RADIUS_MALFORMED'
  | 'E_RADIUS_UNSUPPORTED_CODE'
  | 'E_RADIUS_BAD_AUTHENTICATOR'
  | 'E_RADIUS_BAD_MESSAGE_AUTHENTICATOR'
  | 'E_RADIUS_MISSING_MESSAGE_AUTHENTICATOR'
  | 'E_RADIUS_RESPONSE_MISMATCH'
  | 'E_RADIUS_ENCODE'

/**
 * The only error the codec throws. On receive every such packet is silently discarded
 * (RFC 2865 §3, RFC 3579 §3.2); `code` is meant for counters and logs.
 */
export class RadiusCodecError extends Error {
  /** Machine-readable reason. */
  readonly code: RadiusErrorCode

  constructor(code: RadiusErrorCode, message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'RadiusCodecError'
    this.code = code
  }
}
