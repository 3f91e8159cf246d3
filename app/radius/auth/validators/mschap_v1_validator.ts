import { bufferAttribute, type DecodedPacket } from '../../codec/index.js'
import { fixedLengthEqual } from '../../crypto/constant_time.js'
import {
  challengeResponse,
  hashNtPasswordHash,
  lmPasswordHash,
  ntPasswordHash,
} from '../../crypto/mschap.js'
import type { RadiusSecret } from '../../crypto/secret.js'
import { hideUserPassword } from '../../crypto/user_password.js'
import { microsoft, mppePolicy, withIdent, type MppeOptions } from './microsoft_attributes.js'
import { failure, type PasswordValidator, type ValidationResult } from './password_validator.js'

// RFC 2548 §2.1.3: Ident, Flags, LM-Response (24), NT-Response (24).
const RESPONSE_LENGTH = 50
const USE_NT_RESPONSE = 0x01

/**
 * MS-CHAPv1 (RFC 2433) from MS-CHAP-Challenge (8 bytes) and MS-CHAP-Response. Only the
 * NT-Response is checked; LM-only responses (Flags bit 0 clear) are refused as unsupported.
 * The Accept carries MS-CHAP-MPPE-Keys (RFC 2548 §2.4.1: LM key + NT key, hidden like
 * User-Password) where the NT key is NtPasswordHashHash, as RFC 3079 §2.4 and FreeRADIUS use,
 * and the LM key is zeros when the password has no LM hash (over 14 chars or not ASCII).
 */
export class MschapV1Validator implements PasswordValidator {
  readonly method = 'mschap-v1'
  readonly #mppe: MppeOptions

  constructor(mppe: MppeOptions = {}) {
    this.#mppe = mppe
  }

  validate(
    request: DecodedPacket,
    cleartextPassword: string,
    secret: RadiusSecret
  ): ValidationResult {
    const challenge = bufferAttribute(request.vendorAttributes, 'MS-CHAP-Challenge')
    const response = bufferAttribute(request.vendorAttributes, 'MS-CHAP-Response')
    if (challenge?.length !== 8 || response?.length !== RESPONSE_LENGTH) return failure('malformed')
    if ((response[1] & USE_NT_RESPONSE) === 0) return failure('unsupported')

    const passwordHash = ntPasswordHash(cleartextPassword)
    if (!fixedLengthEqual(challengeResponse(challenge, passwordHash), response.subarray(26, 50))) {
      // RFC 2433 §6 failure packet text: 691 = authentication failure, no retry.
      return {
        ok: false,
        reason: 'wrong-password',
        replyAttributes: [microsoft('MS-CHAP-Error', withIdent(response[0], 'E=691 R=0'))],
      }
    }

    const keys = Buffer.alloc(24)
    lmPasswordHash(cleartextPassword)?.copy(keys, 0, 0, 8)
    hashNtPasswordHash(passwordHash).copy(keys, 8)
    return {
      ok: true,
      replyAttributes: [
        microsoft('MS-CHAP-MPPE-Keys', hideUserPassword(keys, secret, request.authenticator)),
        ...mppePolicy(this.#mppe),
      ],
    }
  }
}
