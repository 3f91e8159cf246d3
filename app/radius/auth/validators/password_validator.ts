/*
 * The contract every password validator implements (one method, toughradius style).
 */
import type { DecodedPacket, OutgoingAttribute } from '../../codec/index.js'
import type { RadiusSecret } from '../../crypto/secret.js'

/**
 * The authentication method a validator checks.
 */
export type AuthMethod = 'pap' | 'chap' | 'mschap-v1' | 'mschap-v2'

/**
 * Why a password check failed: a wrong password, a request missing or mangling the fields the
 * method needs, or a variant we do not implement (LM-only MS-CHAPv1).
 */
export type ValidationFailure = 'wrong-password' | 'malformed' | 'unsupported'

/**
 * Outcome of a check. `replyAttributes` go into the Access-Accept on success (MS-CHAP2-Success,
 * MPPE keys) or the Access-Reject on failure (MS-CHAP-Error).
 */
export type ValidationResult =
  | { readonly ok: true; readonly replyAttributes: readonly OutgoingAttribute[] }
  | {
      readonly ok: false
      readonly reason: ValidationFailure
      readonly replyAttributes: readonly OutgoingAttribute[]
    }

/**
 * Checks an Access-Request against the user's cleartext password. `secret` is the NAS's shared
 * secret, needed only to hide the MPPE keys of MS-CHAP replies.
 */
export interface PasswordValidator {
  /** The method this validator checks, for logs and the auth log. */
  readonly method: AuthMethod
  /** Never throws; a request lacking the method's attributes fails as 'malformed'. */
  validate(
    request: DecodedPacket,
    cleartextPassword: string,
    secret: RadiusSecret
  ): ValidationResult
}

/**
 * A failed result without reply attributes.
 */
export function failure(reason: ValidationFailure): ValidationResult {
  return { ok: false, reason, replyAttributes: [] }
}

/**
 * A successful result without reply attributes.
 */
export const SUCCESS: ValidationResult = Object.freeze({ ok: true, replyAttributes: [] })
