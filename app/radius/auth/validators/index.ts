/*
 * The password validators, in one list, and the choice of one from the request's attributes.
 */
import type { DecodedPacket } from '../../codec/index.js'
import { ChapValidator } from './chap_validator.js'
import { MschapV1Validator } from './mschap_v1_validator.js'
import { MschapV2Validator } from './mschap_v2_validator.js'
import { PapValidator } from './pap_validator.js'
import type { PasswordValidator } from './password_validator.js'

export { ChapValidator } from './chap_validator.js'
export type { MppeOptions } from './microsoft_attributes.js'
export { MschapV1Validator } from './mschap_v1_validator.js'
export { MschapV2Validator } from './mschap_v2_validator.js'
export { PapValidator } from './pap_validator.js'
export type * from './password_validator.js'

/**
 * One validator per method.
 */
export interface PasswordValidators {
  pap: PasswordValidator
  chap: PasswordValidator
  mschapV1: PasswordValidator
  mschapV2: PasswordValidator
}

/**
 * The validators with default MPPE settings (encryption allowed, 40- or 128-bit).
 */
export const defaultValidators: Readonly<PasswordValidators> = Object.freeze({
  pap: new PapValidator(),
  chap: new ChapValidator(),
  mschapV1: new MschapV1Validator(),
  mschapV2: new MschapV2Validator(),
})

/**
 * The validator for the credentials the request carries, or undefined when it carries none we
 * know (e.g. EAP, which we do not support).
 */
export function pickValidator(
  request: DecodedPacket,
  validators: Readonly<PasswordValidators> = defaultValidators
): PasswordValidator | undefined {
  if (request.vendorAttributes['MS-CHAP2-Response'] !== undefined) return validators.mschapV2
  if (request.vendorAttributes['MS-CHAP-Response'] !== undefined) return validators.mschapV1
  if (request.attributes['CHAP-Password'] !== undefined) return validators.chap
  if (request.attributes['User-Password'] !== undefined) return validators.pap
  return undefined
}
