import { checkValue } from '../../users/auth_profile.js'
import { Check } from '../../users/attribute_names.js'
import { describeMoment, parseExpiration } from '../../users/expiration.js'
import type { AuthContext } from '../auth_context.js'
import { reject, type Checker, type Rejection } from '../checker.js'

/**
 * Validity (masa aktif), enforced at every login so an expired user is refused even when no
 * job ran: `Expiration`, or a period that starts at the first accepted login (Rb-Access-Period,
 * turned into an Expiration in the same transaction as that login's radpostauth row). Isolated
 * users are let into the isolir profile even when expired: that is how they reach the payment
 * page. An unreadable Expiration refuses the login rather than granting unlimited validity.
 */
export class ValidityChecker implements Checker {
  check(context: AuthContext): Rejection | undefined {
    if (context.isolated) return undefined
    const { profile, now, timezone } = context
    const expiration = checkValue(profile, Check.Expiration)
    let end: Date | null = null
    if (expiration !== undefined) {
      end = parseExpiration(expiration, timezone)
      if (!end) return reject(`Expiration "${expiration}" cannot be read`)
    }

    const period = profile.userCheck.find((row) => row.attribute === Check.AccessPeriod)
    if (period) {
      if (end && end <= now) {
        return reject(`Voucher was not used before its deadline ${describeMoment(end, timezone)}`)
      }
      if (!/^\s*\d+\s*$/.test(period.value)) {
        return reject(`Rb-Access-Period "${period.value}" is not a number of seconds`)
      }
      end = new Date(now.getTime() + Number(period.value) * 1000)
      context.firstLogin.validity = { periodRowId: period.id, expiration: end }
    } else if (end && end <= now) {
      return reject(`Account expired on ${describeMoment(end, timezone)}`)
    }
    context.validityEnd = end
    return undefined
  }
}
