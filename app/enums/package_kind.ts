/** What a package is sold for: hotspot vouchers/members, PPPoE secrets, DHCP (MAC) leases, or both. */
export enum PackageKind {
  Hotspot = 'hotspot',
  Pppoe = 'pppoe',
  Dhcp = 'dhcp',
  Hybrid = 'hybrid',
}
