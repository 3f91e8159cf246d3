import { Bouncer } from '@adonisjs/bouncer'
import type User from '#models/tenant/user'
import PlatformUser from '#models/central/platform_user'
import {
  platformRoleCan,
  tenantRoleCan,
  type PlatformPermission,
  type TenantPermission,
} from './permissions.js'

/** A user of either guard, as bouncer sees it. */
export type AnyUser = User | PlatformUser

/**
 * Holds a permission from the catalogue. Tenant users are judged by their role in their tenant,
 * platform staff by their platform role; neither can ever hold the other side's permissions.
 */
export const hasPermission = Bouncer.ability(
  (user: AnyUser, permission: TenantPermission | PlatformPermission) => {
    if (user instanceof PlatformUser) {
      return (
        user.status === 'active' && platformRoleCan(user.role, permission as PlatformPermission)
      )
    }
    return (
      user.status === 'active' &&
      !!user.role &&
      tenantRoleCan(user.role.slug, permission as TenantPermission)
    )
  }
)
