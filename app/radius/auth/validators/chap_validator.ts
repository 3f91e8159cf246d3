import { bufferAttribute, type DecodedPacket } from '../../codec/index.js'
import { fixedLengthEqual } from '../../crypto/constant_time.js'
import { md5 } from '../../crypto/md5.js'
import {
  failure,
  SUCCESS,
  type PasswordValidator,
  type ValidationResult,
} from './password_validator.js'

/**
 * CHAP (RFC 2865 §5.3, RFC 1994 §4.1): CHAP-Password is the CHAP Identifier followed by
 * MD5(Identifier + password + challenge), where the challenge is CHAP-Challenge or, when that
 * is absent, the Request Authenticator. MikroTik hotspot "http-chap" arrives this way.
 */
export class ChapValidator implements PasswordValidator {
  readonly method = 'chap'

  validate(request: DecodedPacket, cleartextPassword: string): ValidationResult {
    const chapPassword = bufferAttribute(request.attributes, 'CHAP-Password')
    if (chapPassword === undefined || chapPassword.length !== 17) return failure('malformed')
    const challenge = bufferAttribute(request.attributes, 'CHAP-Challenge') ?? request.authenticator
    const expected = md5(
      chapPassword.subarray(0, 1),
      Buffer.from(cleartextPassword, 'utf8'),
      challenge
    )
    return fixedLengthEqual(expected, chapPassword.subarray(1))
      ? SUCCESS
      : failure('wrong-password')
  }
}
