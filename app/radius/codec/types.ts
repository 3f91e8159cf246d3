/*
 * Shapes of decoded packets and of attributes handed to the encoder.
 */

/**
 * One top-level attribute as on the wire: its type number and a view of its value.
 */
export type RawAttribute = [type: number, value: Buffer]

/**
 * A decoded attribute value as the `radius` package produces it: strings for string/ipaddr,
 * numbers (or VALUE names) for integers, Buffers for octets, [tag, value] for tagged ones.
 */
export type AttributeValue =
  string | number | Buffer | Date | null | readonly [tag: number, value: string | number | Buffer]

/**
 * Decoded attributes by dictionary name; repeated attributes become arrays.
 */
export type DecodedAttributes = Readonly<
  Record<string, AttributeValue | AttributeValue[] | undefined>
>

/**
 * A value given to the encoder; Buffers are written verbatim.
 */
export type OutgoingValue = string | number | Buffer | Date

/**
 * An attribute to encode, by dictionary name or number, optionally tagged (RFC 2868).
 */
export type PlainAttribute =
  | readonly [name: string | number, value: OutgoingValue]
  | readonly [name: string | number, tag: number, value: OutgoingValue]

/**
 * A Vendor-Specific attribute wrapping sub-attributes of one vendor (by id or dictionary name).
 */
export type VendorAttribute = readonly [
  name: 'Vendor-Specific',
  vendor: number | string,
  attributes: readonly PlainAttribute[],
]

/**
 * Anything the encoder accepts in an attribute list.
 */
export type OutgoingAttribute = PlainAttribute | VendorAttribute

/**
 * A verified, decoded packet. Buffers are views into the received datagram, not copies.
 */
export interface DecodedPacket {
  /** Packet code, see RadiusCode. */
  readonly code: number
  readonly identifier: number
  /** The Request (or Response) Authenticator. */
  readonly authenticator: Buffer
  /** Standard attributes; User-Password of an Access-Request is already revealed. */
  readonly attributes: DecodedAttributes
  /** Vendor-Specific sub-attributes of every vendor with a loaded dictionary, merged. */
  readonly vendorAttributes: DecodedAttributes
  /** Top-level attributes in wire order, including those no dictionary names. */
  readonly rawAttributes: readonly RawAttribute[]
  /** True when a Message-Authenticator was present (and therefore verified). */
  readonly hasMessageAuthenticator: boolean
  /** The packet bytes, up to its Length field. */
  readonly bytes: Buffer
}
