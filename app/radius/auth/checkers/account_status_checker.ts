import { checkValue } from '../../users/auth_profile.js'
import { Check } from '../../users/attribute_names.js'
import type { AuthContext } from '../auth_context.js'
import { reject, type Checker, type Rejection } from '../checker.js'

/**
 * Account status: disabled (`Auth-Type := Reject`, as FreeRADIUS reads it), expired, or
 * isolir. An isolated PPPoE user is accepted into the isolir group's restricted profile so the
 * router can send them to the payment page; a hotspot login has no such profile and is refused.
 */
export class AccountStatusChecker implements Checker {
  check(context: AuthContext): Rejection | undefined {
    const { profile } = context
    if (checkValue(profile, Check.AuthType)?.trim().toLowerCase() === 'reject') {
      return reject('Account is disabled')
    }
    const status = checkValue(profile, Check.AccountStatus)?.trim().toLowerCase()
    if (status === 'expired') return reject('Account is marked expired')
    if (status === 'isolir') {
      if (context.service === 'hotspot') {
        return reject('Account is isolated (isolir, unpaid): hotspot login refused')
      }
      context.isolated = true
    }
    return undefined
  }
}
