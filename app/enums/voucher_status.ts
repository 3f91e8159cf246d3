/**
 * A voucher's state, derived from its RADIUS data (VoucherService.statesOf), never stored:
 * disabled is `Auth-Type := Reject`; active means a login was accepted (radpostauth) or a
 * session was seen (radacct); expired is an Expiration in the past (validity over, or the
 * deadline to start using it passed); used up is a time or data quota consumed.
 */
export enum VoucherStatus {
  Unused = 'unused',
  Active = 'active',
  Expired = 'expired',
  UsedUp = 'used_up',
  Disabled = 'disabled',
}
