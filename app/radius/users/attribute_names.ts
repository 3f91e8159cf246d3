/*
 * How a RADIUS user is stored in radcheck / radreply / radusergroup / radgroupcheck /
 * radgroupreply. FreeRADIUS's own names are used wherever FreeRADIUS has one, so a FreeRADIUS
 * pointed at a tenant database reads the users the same way.
 *
 * FreeRADIUS check items (radcheck, radgroupcheck):
 *   Cleartext-Password :=   the password, cleartext: CHAP and MS-CHAP need it (RFC 1994, 2759)
 *   Expiration :=           end of validity, "Jan 05 2027 14:00:00" in the tenant's time zone
 *   Simultaneous-Use :=     how many sessions may be open at once
 *   Calling-Station-Id ==   the bound device's MAC, AA:BB:CC:DD:EE:FF (several rows: any of them)
 *   Auth-Type := Reject     the account is disabled
 *   Max-All-Session :=      time quota in seconds over all sessions (rlm_sqlcounter's name)
 * FreeRADIUS reply items (radreply, radgroupreply): Mikrotik-Rate-Limit =, Framed-IP-Address =,
 *   Framed-Pool =, Session-Timeout =, Idle-Timeout =, Acct-Interim-Interval =,
 *   Mikrotik-Address-List =, Mikrotik-Total-Limit =, … — never stored in the check tables.
 *
 * Ours, for what FreeRADIUS has no attribute for. They are control items: stored in radcheck /
 * radgroupcheck only and never sent to a NAS.
 *   Rb-Access-Period :=            validity in seconds that starts at the first accepted login;
 *                                  that login turns it into an Expiration (user radcheck only).
 *                                  An Expiration set beside it is the deadline to start using it.
 *   Rb-Bind-Mac-On-First-Login := yes  the first accepted login's MAC becomes the bound
 *                                  Calling-Station-Id (user radcheck only)
 *   Rb-Account-Status :=           isolir | expired (absent: active; disabled is Auth-Type)
 *   Rb-Data-Quota :=               data quota in bytes, upload + download over all sessions
 *   Rb-Allowed-Service :=          hotspot | pppoe: the only service the user may log in to
 *   Rb-Allowed-Nas :=              comma-separated ids of the tenant's NAS the user may log in
 *                                  through (absent: any of them)
 *   Rb-Fup-Threshold :=            bytes used after which the fair-usage rate applies
 *   Rb-Fup-Rate-Limit :=           that reduced Mikrotik-Rate-Limit
 * The group named `isolir` holds, in radgroupreply, the restricted profile (address list, pool,
 * low rate) that isolated PPPoE users are accepted into.
 */

/** Check (control) attributes, FreeRADIUS's and ours. */
export const Check = {
  Password: 'Cleartext-Password',
  Expiration: 'Expiration',
  SimultaneousUse: 'Simultaneous-Use',
  CallingStationId: 'Calling-Station-Id',
  AuthType: 'Auth-Type',
  TimeQuota: 'Max-All-Session',
  AccessPeriod: 'Rb-Access-Period',
  BindMacOnFirstLogin: 'Rb-Bind-Mac-On-First-Login',
  AccountStatus: 'Rb-Account-Status',
  DataQuota: 'Rb-Data-Quota',
  AllowedService: 'Rb-Allowed-Service',
  AllowedNas: 'Rb-Allowed-Nas',
  FupThreshold: 'Rb-Fup-Threshold',
  FupRateLimit: 'Rb-Fup-Rate-Limit',
} as const

/** Reply attributes the product writes or computes. */
export const Reply = {
  RateLimit: 'Mikrotik-Rate-Limit',
  FramedIpAddress: 'Framed-IP-Address',
  FramedPool: 'Framed-Pool',
  SessionTimeout: 'Session-Timeout',
  IdleTimeout: 'Idle-Timeout',
  InterimInterval: 'Acct-Interim-Interval',
  AddressList: 'Mikrotik-Address-List',
  TotalLimit: 'Mikrotik-Total-Limit',
  TotalLimitGigawords: 'Mikrotik-Total-Limit-Gigawords',
} as const

/** The group whose radgroupreply is the restricted profile of isolated PPPoE users. */
export const ISOLIR_GROUP = 'isolir'

/** Values of Rb-Account-Status (absent = active). */
export type StoredAccountStatus = 'isolir' | 'expired'

/** Values of Rb-Allowed-Service. */
export type AllowedService = 'hotspot' | 'pppoe'

/** Whether a yes/no control value is on (FreeRADIUS writes yes/no; accept 1/true too). */
export function isYes(value: string | undefined): boolean {
  return value !== undefined && ['yes', '1', 'true'].includes(value.trim().toLowerCase())
}
