import { BasePolicy } from '@adonisjs/bouncer'
import PlatformUser from '#models/central/platform_user'
import type { AnyUser } from '#abilities/main'
import { platformRoleCan, type PlatformPermission } from '#abilities/permissions'

/** Whether a platform staff member (never a tenant user) holds a platform permission. */
function holds(user: AnyUser, permission: PlatformPermission) {
  return (
    user instanceof PlatformUser &&
    user.status === 'active' &&
    platformRoleCan(user.role, permission)
  )
}

/** What platform staff may do with tenants in the platform console. */
export default class TenantPolicy extends BasePolicy {
  viewList(user: AnyUser) {
    return holds(user, 'tenants.view')
  }

  view(user: AnyUser) {
    return holds(user, 'tenants.view')
  }

  suspend(user: AnyUser) {
    return holds(user, 'tenants.suspend')
  }
}
