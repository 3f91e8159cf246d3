/*
 * Several routers behind one public IP (RFC 2865 §5.32 NAS-Identifier), each with its own
 * secret: the one whose secret verifies the packet is the sender. An Access-Request is only
 * bound to its secret by Message-Authenticator, so it is required here (RFC 3579 §3.2);
 * Accounting-Requests are bound by their Request Authenticator (RFC 2866 §3).
 */
import { decodeRequest, RadiusCodecError, type DecodedPacket } from '../codec/index.js'
import type { RoutedNas } from '../nas_registry.js'

const NAS_IDENTIFIER = 32
const HEADER_LENGTH = 20

/** Decode options, shared to avoid an object per packet. */
export const REQUIRE_MESSAGE_AUTHENTICATOR = Object.freeze({ requireMessageAuthenticator: true })
/** Decode options for a NAS that does not insist on Message-Authenticator. */
export const OPTIONAL_MESSAGE_AUTHENTICATOR = Object.freeze({ requireMessageAuthenticator: false })

/** A packet verified with the secret of one of the NAS sharing its source address. */
export interface VerifiedPacket {
  route: RoutedNas
  packet: DecodedPacket
}

/** The NAS-Identifier as sent, read without decoding (the framing is checked by decode later). */
function nasIdentifier(datagram: Buffer, length: number): string | undefined {
  let offset = HEADER_LENGTH
  while (offset + 2 <= length) {
    const attributeLength = datagram[offset + 1]
    if (attributeLength < 2 || offset + attributeLength > length) return undefined
    if (datagram[offset] === NAS_IDENTIFIER) {
      return datagram.toString('utf8', offset + 2, offset + attributeLength)
    }
    offset += attributeLength
  }
  return undefined
}

function tryDecode(route: RoutedNas, datagram: Buffer): DecodedPacket | undefined {
  try {
    return decodeRequest(datagram, route.nas.secret, REQUIRE_MESSAGE_AUTHENTICATOR)
  } catch (error) {
    if (error instanceof RadiusCodecError) return undefined
    throw error
  }
}

/**
 * Picks, among NAS sharing an address, the one whose secret verifies `datagram`: the NAS named
 * by the packet's NAS-Identifier first, then the others. Undefined when none does.
 */
export function verifyShared(
  routes: readonly RoutedNas[],
  datagram: Buffer,
  length: number
): VerifiedPacket | undefined {
  const identifier = nasIdentifier(datagram, length)
  const named =
    identifier === undefined ? undefined : routes.find((r) => r.nas.identifier === identifier)
  if (named) {
    const packet = tryDecode(named, datagram)
    if (packet) return { route: named, packet }
  }
  for (const route of routes) {
    if (route === named) continue
    const packet = tryDecode(route, datagram)
    if (packet) return { route, packet }
  }
  return undefined
}
