import { BasePolicy } from '@adonisjs/bouncer'
import User from '#models/tenant/user'
import type { AnyUser } from '#abilities/main'
import { tenantRoleCan } from '#abilities/permissions'
import { TenantRole } from '#enums/tenant_role'

/** Whether a tenant user may manage staff (platform staff never act inside a tenant). */
function managesStaff(user: AnyUser): user is User {
  return (
    user instanceof User &&
    user.status === 'active' &&
    tenantRoleCan(user.role.slug, 'staff.manage')
  )
}

/** Who may see and change a tenant's staff accounts. */
export default class StaffPolicy extends BasePolicy {
  viewList(user: AnyUser) {
    return managesStaff(user)
  }

  create(user: AnyUser) {
    return managesStaff(user)
  }

  /** Only the Owner edits the Owner account. */
  update(user: AnyUser, staff: User) {
    if (!managesStaff(user)) return false
    return staff.role?.slug === TenantRole.Owner ? staff.id === user.id : true
  }
}
