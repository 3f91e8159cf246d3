import { BasePolicy } from '@adonisjs/bouncer'
import type User from '#models/tenant/user'
import { tenantRoleCan } from '#abilities/permissions'
import { TenantRole } from '#enums/tenant_role'

/** Who may see and change a tenant's staff accounts. */
export default class StaffPolicy extends BasePolicy {
  viewList(user: User) {
    return tenantRoleCan(user.role.slug, 'staff.manage')
  }

  create(user: User) {
    return tenantRoleCan(user.role.slug, 'staff.manage')
  }

  /** Nobody edits an Owner but the Owner; nobody disables themself (a tenant must keep an Owner). */
  update(user: User, staff: User) {
    if (!tenantRoleCan(user.role.slug, 'staff.manage')) return false
    if (staff.role?.slug === TenantRole.Owner) return staff.id === user.id
    return true
  }
}
