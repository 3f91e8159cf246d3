import { checkNumber } from '../../users/auth_profile.js'
import { Check } from '../../users/attribute_names.js'
import { formatBytes, formatDuration } from '../../users/quantities.js'
import type { AuthContext } from '../auth_context.js'
import { reject, type Checker, type Rejection } from '../checker.js'

/**
 * Time quota (Max-All-Session, seconds) and data quota (Rb-Data-Quota, bytes) against the
 * totals in radacct; usage is read only when a quota is set. Isolated users are not metered.
 */
export class QuotaChecker implements Checker {
  check(context: AuthContext): Rejection | undefined | Promise<Rejection | undefined> {
    if (context.isolated) return undefined
    const timeQuota = checkNumber(context.profile, Check.TimeQuota)
    const dataQuota = checkNumber(context.profile, Check.DataQuota)
    if (timeQuota === undefined && dataQuota === undefined) return undefined
    return this.#against(context, timeQuota, dataQuota)
  }

  async #against(
    context: AuthContext,
    timeQuota: number | undefined,
    dataQuota: number | undefined
  ): Promise<Rejection | undefined> {
    const usage = await context.usage()
    if (timeQuota !== undefined && usage.sessionTime >= timeQuota) {
      return reject(
        `Time quota used up: ${formatDuration(usage.sessionTime)} of ${formatDuration(timeQuota)}`
      )
    }
    if (dataQuota !== undefined && usage.totalOctets >= dataQuota) {
      return reject(
        `Data quota used up: ${formatBytes(usage.totalOctets)} of ${formatBytes(dataQuota)}`
      )
    }
    return undefined
  }
}
