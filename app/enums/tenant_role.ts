/** Roles inside a tenant (MISSION §8). Stored by slug in the tenant's `roles` table. */
export enum TenantRole {
  Owner = 'owner',
  Admin = 'admin',
  Technician = 'technician',
  Cashier = 'cashier',
  Support = 'support',
  Reseller = 'reseller',
  Investor = 'investor',
  Client = 'client',
}
