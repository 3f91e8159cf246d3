import { checkValue } from '../../users/auth_profile.js'
import { Check } from '../../users/attribute_names.js'
import type { AuthContext, ServiceKind } from '../auth_context.js'
import { reject, type Checker, type Rejection } from '../checker.js'

const LABELS: Record<ServiceKind, string> = { hotspot: 'hotspot', pppoe: 'PPPoE', unknown: '?' }

/**
 * Rb-Allowed-Service restricts a user to hotspot or PPPoE (a voucher cannot be used as a PPPoE
 * secret). A request whose service cannot be told apart is let through.
 */
export class ServiceMatchChecker implements Checker {
  check(context: AuthContext): Rejection | undefined {
    const allowed = checkValue(context.profile, Check.AllowedService)?.trim().toLowerCase()
    if (!allowed || context.service === 'unknown' || allowed === context.service) return undefined
    const label = LABELS[allowed as ServiceKind] ?? allowed
    return reject(`Account is for ${label} only; this is a ${LABELS[context.service]} login`)
  }
}
