/*
 * Reply attributes of the Microsoft vendor (311, RFC 2548) shared by both MS-CHAP validators.
 */
import type { OutgoingValue, VendorAttribute } from '../../codec/index.js'

const MICROSOFT = 311

/**
 * MPPE settings sent with every MS-CHAP Access-Accept (RFC 2548 §2.4.4, §2.4.5).
 */
export interface MppeOptions {
  /** MS-MPPE-Encryption-Policy: 1 = encryption allowed (default), 2 = required. */
  encryptionPolicy?: 1 | 2
  /** MS-MPPE-Encryption-Types: 0x2 = 40-bit, 0x4 = 128-bit, 0x6 = either (default). */
  encryptionTypes?: number
}

/**
 * One Microsoft sub-attribute in its own Vendor-Specific attribute (as FreeRADIUS sends them;
 * some NAS read only the first sub-attribute of a VSA).
 */
export function microsoft(name: string, value: OutgoingValue): VendorAttribute {
  return ['Vendor-Specific', MICROSOFT, [[name, value]]]
}

/**
 * MS-MPPE-Encryption-Policy and MS-MPPE-Encryption-Types for `options`.
 */
export function mppePolicy(options: MppeOptions): VendorAttribute[] {
  return [
    microsoft('MS-MPPE-Encryption-Policy', options.encryptionPolicy ?? 1),
    microsoft('MS-MPPE-Encryption-Types', options.encryptionTypes ?? 6),
  ]
}

/**
 * A value prefixed with the MS-CHAP Ident byte, as MS-CHAP-Error and MS-CHAP2-Success are
 * (RFC 2548 §2.1.5, §2.3.3).
 */
export function withIdent(ident: number, text: string): Buffer {
  return Buffer.concat([Buffer.of(ident), Buffer.from(text, 'ascii')])
}
