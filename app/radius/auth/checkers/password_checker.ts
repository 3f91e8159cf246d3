import { checkValue } from '../../users/auth_profile.js'
import { Check } from '../../users/attribute_names.js'
import type { AuthContext } from '../auth_context.js'
import { reject, type Checker, type Rejection } from '../checker.js'
import {
  defaultValidators,
  pickValidator,
  type PasswordValidators,
  type ValidationFailure,
} from '../validators/index.js'

const FAILURES: Record<ValidationFailure, string> = {
  'wrong-password': 'Wrong password',
  'malformed': 'Malformed credentials',
  'unsupported': 'Unsupported credentials (LM-only MS-CHAP response)',
}

/**
 * Checks the credentials against Cleartext-Password with the validator the request's
 * attributes call for (PAP, CHAP, MS-CHAPv1, MS-CHAPv2). MS-CHAP-Error goes into the reject,
 * MS-CHAP2-Success and the MPPE keys into the accept.
 */
export class PasswordChecker implements Checker {
  readonly #validators: Readonly<PasswordValidators>

  constructor(validators: Readonly<PasswordValidators> = defaultValidators) {
    this.#validators = validators
  }

  check(context: AuthContext): Rejection | undefined {
    const { packet, nas } = context.request
    const validator = pickValidator(packet, this.#validators)
    if (!validator) return reject('No credentials we support (PAP, CHAP, MS-CHAP); EAP is not')
    context.method = validator.method
    const password = checkValue(context.profile, Check.Password)
    if (password === undefined) return reject('The user has no password (Cleartext-Password)')
    const result = validator.validate(packet, password, nas.secret)
    if (!result.ok) {
      return reject(`${FAILURES[result.reason]} (${validator.method})`, result.replyAttributes)
    }
    context.passwordReply = result.replyAttributes
    return undefined
  }
}
