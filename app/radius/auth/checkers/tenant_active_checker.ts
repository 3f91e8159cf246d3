import { TenantStatus } from '#enums/tenant_status'
import type { AuthContext } from '../auth_context.js'
import { reject, type Checker, type Rejection } from '../checker.js'

/**
 * A tenant that is not active (suspended, still provisioning) gets Access-Reject for every
 * user, decided here at the AAA layer rather than by whoever remembers to disable its users.
 */
export class TenantActiveChecker implements Checker {
  check({ request }: AuthContext): Rejection | undefined {
    const { tenant } = request
    if (tenant.status === TenantStatus.Active) return undefined
    return reject(`ISP account "${tenant.slug}" is ${tenant.status}: every login is refused`)
  }
}
