/**
 * A customer's account state, mirrored into RADIUS (RadiusUserService.setStatus): disabled is
 * `Auth-Type := Reject`, isolir and expired are Rb-Account-Status.
 */
export enum CustomerStatus {
  Active = 'active',
  Disabled = 'disabled',
  Isolir = 'isolir',
  Expired = 'expired',
}
