import { checkNumber } from '../../users/auth_profile.js'
import { Check } from '../../users/attribute_names.js'
import type { AuthContext } from '../auth_context.js'
import { reject, type Checker, type Rejection } from '../checker.js'

/**
 * Simultaneous-Use: open sessions in radacct, counted only when the limit is set. A session
 * that stopped without a Stop stays open until the stuck-session sweep closes it; a device
 * logging in again on the same NAS is not counted against itself.
 */
export class SimultaneousUseChecker implements Checker {
  check(context: AuthContext): Rejection | undefined | Promise<Rejection | undefined> {
    const limit = checkNumber(context.profile, Check.SimultaneousUse)
    if (limit === undefined) return undefined
    return this.#against(context, limit)
  }

  async #against(context: AuthContext, limit: number): Promise<Rejection | undefined> {
    const { nas } = context.request
    const open = await context.repository.countOpenSessions(
      context.username,
      context.mac ? { nasId: nas.id, callingStationId: context.mac } : undefined
    )
    if (open < limit) return undefined
    return reject(`Simultaneous-Use limit reached: ${open} session(s) online, ${limit} allowed`)
  }
}
