import { checkValue } from '../../users/auth_profile.js'
import { Check } from '../../users/attribute_names.js'
import type { AuthContext } from '../auth_context.js'
import { reject, type Checker, type Rejection } from '../checker.js'

/**
 * Rb-Allowed-Nas limits a user to some of the tenant's NAS (a voucher batch sold for one
 * location). A malformed list admits nobody rather than everybody.
 */
export class AllowedNasChecker implements Checker {
  check(context: AuthContext): Rejection | undefined {
    const allowed = checkValue(context.profile, Check.AllowedNas)
    if (allowed === undefined) return undefined
    const nas = context.request.nas
    const ids = allowed.split(',').map((id) => id.trim())
    if (ids.includes(String(nas.id))) return undefined
    return reject(`Not allowed through this NAS (${nas.name}); allowed NAS ids: ${allowed.trim()}`)
  }
}
