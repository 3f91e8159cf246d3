import { Check, isYes } from '../../users/attribute_names.js'
import { stationId } from '../../users/mac_address.js'
import type { AuthContext } from '../auth_context.js'
import { reject, type Checker, type Rejection } from '../checker.js'

/**
 * MAC binding: `Calling-Station-Id ==` rows list the devices allowed (compared normalised, as
 * AA:BB:CC:DD:EE:FF). Without one, Rb-Bind-Mac-On-First-Login binds the device of the first
 * accepted login (written with that login's radpostauth row).
 */
export class MacBindingChecker implements Checker {
  check(context: AuthContext): Rejection | undefined {
    const { profile, mac } = context
    const bound = profile.check.get(Check.CallingStationId)
    if (bound && bound.length > 0) {
      const allowed = bound.map((value) => stationId(value))
      if (!mac) return reject('Account is bound to a device but the request has no MAC')
      if (!allowed.includes(mac)) {
        return reject(`Device ${mac} is not the bound device (${allowed.join(', ')})`)
      }
      return undefined
    }
    const flag = profile.userCheck.find((row) => row.attribute === Check.BindMacOnFirstLogin)
    if (flag && isYes(flag.value) && mac) context.firstLogin.binding = { flagRowId: flag.id, mac }
    return undefined
  }
}
