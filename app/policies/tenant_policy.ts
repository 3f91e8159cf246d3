import { BasePolicy } from '@adonisjs/bouncer'
import type PlatformUser from '#models/central/platform_user'
import { platformRoleCan } from '#abilities/permissions'

/** What platform staff may do with tenants in the platform console. */
export default class TenantPolicy extends BasePolicy {
  viewList(user: PlatformUser) {
    return platformRoleCan(user.role, 'tenants.view')
  }

  view(user: PlatformUser) {
    return platformRoleCan(user.role, 'tenants.view')
  }

  suspend(user: PlatformUser) {
    return platformRoleCan(user.role, 'tenants.suspend')
  }
}
