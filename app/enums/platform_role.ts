/** Roles of the platform's own staff (MISSION §8, "Platform level"). */
export enum PlatformRole {
  SuperAdmin = 'super_admin',
  PlatformAdmin = 'platform_admin',
  PlatformCashier = 'platform_cashier',
  PlatformTechnician = 'platform_technician',
  PlatformSupport = 'platform_support',
}
