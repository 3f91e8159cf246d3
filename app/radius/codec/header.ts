/*
 * The fixed 20-byte header (RFC 2865 §3): Code, Identifier, Length, Authenticator.
 */
import { RadiusCodecError } from './errors.js'

/** Size of the header; attributes start here. */
export const HEADER_LENGTH = 20
/** RFC 2865 §3: the maximum packet length. */
export const MAX_PACKET_LENGTH = 4096
/** Size of the Authenticator field and of a Message-Authenticator value. */
export const AUTHENTICATOR_LENGTH = 16

/**
 * The header fields, read without decoding any attribute.
 */
export interface PacketHeader {
  /** Packet code, see RadiusCode. */
  readonly code: number
  readonly identifier: number
  /** The Length field, already checked against the datagram. */
  readonly length: number
  /** A view of bytes 4..20 of the datagram. */
  readonly authenticator: Buffer
}

function malformed(message: string): RadiusCodecError {
  return new RadiusCodecError('E_RADIUS_MALFORMED', message)
}

/**
 * Reads and checks the header of a datagram: cheap enough to run before any lookup (duplicate
 * detection, NAS lookup). Bytes beyond Length are padding and ignored (RFC 2865 §3).
 */
export function peekHeader(datagram: Buffer): PacketHeader {
  if (datagram.length > MAX_PACKET_LENGTH) {
    throw malformed(`datagram of ${datagram.length} bytes exceeds ${MAX_PACKET_LENGTH}`)
  }
  if (datagram.length < HEADER_LENGTH) {
    throw malformed(`datagram of ${datagram.length} bytes is shorter than the header`)
  }
  const length = datagram.readUInt16BE(2)
  if (length < HEADER_LENGTH || length > MAX_PACKET_LENGTH) {
    throw malformed(`Length field ${length} is outside ${HEADER_LENGTH}..${MAX_PACKET_LENGTH}`)
  }
  if (length > datagram.length) {
    throw malformed(`Length field ${length} exceeds the ${datagram.length} bytes received`)
  }
  return {
    code: datagram[0],
    identifier: datagram[1],
    length,
    authenticator: datagram.subarray(4, HEADER_LENGTH),
  }
}
