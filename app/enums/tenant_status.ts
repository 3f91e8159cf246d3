/** Life cycle of a tenant. Only `active` tenants are served (web and RADIUS). */
export enum TenantStatus {
  Provisioning = 'provisioning',
  Active = 'active',
  Suspended = 'suspended',
}
