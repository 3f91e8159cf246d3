import { PlatformRole } from '#enums/platform_role'
import { TenantRole } from '#enums/tenant_role'

/**
 * The one permission catalogue: every ability a role can hold, and which roles hold it.
 * Bouncer abilities and policies read only this file; the README renders it as the matrix.
 */

const { Owner, Admin, Technician, Cashier, Support, Reseller, Investor, Client } = TenantRole
const STAFF = [Owner, Admin, Technician, Cashier, Support, Reseller, Investor]

/** Tenant-level permissions and the roles that hold them. */
export const TENANT_PERMISSIONS = {
  'dashboard.view': STAFF,
  'staff.manage': [Owner],
  'settings.manage': [Owner],
  'domain.manage': [Owner],
  'billing.manage': [Owner],
  'packages.manage': [Owner, Admin],
  'vouchers.manage': [Owner, Admin],
  'vouchers.print': [Owner, Admin, Cashier, Reseller],
  'customers.view': [Owner, Admin, Technician, Cashier, Support, Reseller],
  'customers.manage': [Owner, Admin, Reseller],
  'customers.reset_password': [Owner, Admin, Support],
  'customers.check_validity': [Owner, Admin, Technician, Cashier, Support],
  'radius_users.manage': [Owner, Admin],
  'nas.view': [Owner, Admin, Technician],
  'nas.manage': [Owner, Admin, Technician],
  'monitoring.view': [Owner, Admin, Technician],
  'logs.view': [Owner, Admin, Technician],
  'sales.offline.record': [Owner, Admin, Cashier, Reseller],
  'invoices.manage': [Owner, Admin, Cashier],
  'reports.sales.view': [Owner, Admin, Cashier],
  'reports.finance.view': [Owner, Investor],
  'reseller.balance.use': [Reseller],
  'tickets.manage': [Owner, Admin, Technician, Support],
  'portal.self': [Client],
} as const satisfies Record<string, readonly TenantRole[]>

const { SuperAdmin, PlatformAdmin, PlatformCashier, PlatformTechnician, PlatformSupport } =
  PlatformRole
const PLATFORM_STAFF = [
  SuperAdmin,
  PlatformAdmin,
  PlatformCashier,
  PlatformTechnician,
  PlatformSupport,
]

/** Platform-level permissions and the roles that hold them. */
export const PLATFORM_PERMISSIONS = {
  'platform.dashboard.view': PLATFORM_STAFF,
  'tenants.view': PLATFORM_STAFF,
  'tenants.approve': [SuperAdmin, PlatformAdmin],
  'tenants.suspend': [SuperAdmin, PlatformAdmin],
  'tenants.reset_access': [SuperAdmin, PlatformAdmin, PlatformSupport],
  'domains.manage': [SuperAdmin, PlatformAdmin],
  'settings.global': [SuperAdmin, PlatformAdmin],
  'platform_staff.manage': [SuperAdmin],
  'billing.platform.manage': [SuperAdmin, PlatformCashier],
  'subscriptions.manage': [SuperAdmin, PlatformCashier],
  'radius_cluster.monitor': [SuperAdmin, PlatformTechnician],
  'debug.global': [SuperAdmin, PlatformTechnician],
  'tickets.platform.manage': [SuperAdmin, PlatformSupport],
  'audit.view': [SuperAdmin, PlatformAdmin],
} as const satisfies Record<string, readonly PlatformRole[]>

export type TenantPermission = keyof typeof TENANT_PERMISSIONS
export type PlatformPermission = keyof typeof PLATFORM_PERMISSIONS

/** Whether a tenant role holds a permission. */
export function tenantRoleCan(role: string, permission: TenantPermission): boolean {
  return (TENANT_PERMISSIONS[permission] as readonly string[]).includes(role)
}

/** Whether a platform role holds a permission. */
export function platformRoleCan(role: string, permission: PlatformPermission): boolean {
  return (PLATFORM_PERMISSIONS[permission] as readonly string[]).includes(role)
}

/** Display names of the default tenant roles, seeded into every new tenant. */
export const TENANT_ROLE_NAMES: Record<TenantRole, string> = {
  [Owner]: 'Owner',
  [Admin]: 'Admin',
  [Technician]: 'Teknisi',
  [Cashier]: 'Kasir',
  [Support]: 'Support',
  [Reseller]: 'Reseller',
  [Investor]: 'Investor',
  [Client]: 'Pelanggan',
}
