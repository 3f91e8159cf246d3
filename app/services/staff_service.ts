import User from '#models/tenant/user'
import Role from '#models/tenant/role'
import { TenantRole } from '#enums/tenant_role'
import { AccountService } from '#services/account_service'

/** A tenant's staff accounts: created by the Owner with a role from the catalogue. */
export class StaffService {
  /** Staff and customers of the current tenant, with their roles, as a query to page over. */
  static listQuery() {
    return User.query()
      .join('roles', 'roles.id', 'users.role_id')
      .whereNot('roles.slug', TenantRole.Client)
      .select('users.*', 'roles.slug as role_slug', 'roles.name as role_name')
  }

  static async create(data: {
    fullName: string
    email: string
    password: string
    role: TenantRole
  }) {
    const role = await Role.findByOrFail('slug', data.role)
    return User.create({
      fullName: data.fullName,
      email: data.email,
      password: data.password,
      roleId: role.id,
      status: 'active',
    })
  }

  /** Update; a disabled account or a new password ends the person's other sessions. */
  static async update(
    user: User,
    data: {
      fullName: string
      email: string
      password?: string
      role?: TenantRole
      status: 'active' | 'disabled'
    }
  ) {
    user.merge({ fullName: data.fullName, email: data.email, status: data.status })
    if (data.role && user.role.slug !== TenantRole.Owner) {
      const role = await Role.findByOrFail('slug', data.role)
      user.roleId = role.id
    }
    if (data.password) user.password = data.password
    await user.save()
    if (data.password || data.status === 'disabled')
      await new AccountService('tenant').logoutEverywhere(user)
    return user
  }
}
