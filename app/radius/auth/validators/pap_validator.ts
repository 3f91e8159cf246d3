import { stringAttribute, type DecodedPacket } from '../../codec/index.js'
import { secretEqual } from '../../crypto/constant_time.js'
import {
  failure,
  SUCCESS,
  type PasswordValidator,
  type ValidationResult,
} from './password_validator.js'

/**
 * PAP (RFC 2865 §5.2): the decoder has already revealed User-Password; compare it with the
 * stored password in constant time.
 */
export class PapValidator implements PasswordValidator {
  readonly method = 'pap'

  validate(request: DecodedPacket, cleartextPassword: string): ValidationResult {
    const offered = stringAttribute(request.attributes, 'User-Password')
    if (offered === undefined) return failure('malformed')
    return secretEqual(Buffer.from(offered, 'utf8'), Buffer.from(cleartextPassword, 'utf8'))
      ? SUCCESS
      : failure('wrong-password')
  }
}
