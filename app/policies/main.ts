/** Bouncer policies, imported lazily by the bouncer. */
export const policies = {
  StaffPolicy: () => import('./staff_policy.js'),
  TenantPolicy: () => import('./tenant_policy.js'),
}
