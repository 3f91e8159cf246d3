/*
 * Decoding of received packets. Every check that protects us (framing, authenticators,
 * Message-Authenticator) is done here, in constant time, before the `radius` package parses
 * attribute values; the package is only asked to decode (with `no_secret`, so it runs none of
 * its own, partly wrong, verification).
 */
import { timingSafeEqual } from 'node:crypto'
import { revealUserPassword } from '../crypto/user_password.js'
import type { RadiusSecret } from '../crypto/secret.js'
import { loadDictionaries } from '../dictionaries/index.js'
import { scanAttributes, type AttributeLayout } from './attribute_scan.js'
import {
  messageAuthenticator,
  messageAuthenticatorVector,
  packetDigest,
  ZERO_VECTOR,
} from './authenticators.js'
import { RadiusCodecError } from './errors.js'
import { AUTHENTICATOR_LENGTH, peekHeader, type PacketHeader } from './header.js'
import { radius } from './radius_package.js'
import { isRequestCode, isResponseTo, RadiusCode } from './radius_code.js'
import type { AttributeValue, DecodedAttributes, DecodedPacket, RawAttribute } from './types.js'

loadDictionaries()

const NO_VENDOR_ATTRIBUTES: DecodedAttributes = Object.freeze({})

/**
 * Options for {@link decodeRequest}.
 */
export interface DecodeRequestOptions {
  /** Refuse an Access-Request without Message-Authenticator (per-NAS BlastRADIUS policy). */
  requireMessageAuthenticator?: boolean
}

/**
 * Options for {@link decodeResponse}.
 */
export interface DecodeResponseOptions {
  /** Refuse a reply without Message-Authenticator. */
  requireMessageAuthenticator?: boolean
}

function verifyMessageAuthenticator(
  packet: Buffer,
  header: PacketHeader,
  layout: AttributeLayout,
  secret: RadiusSecret,
  vectors: readonly Buffer[]
): void {
  const offset = layout.messageAuthenticator
  const received = packet.subarray(offset, offset + AUTHENTICATOR_LENGTH)
  for (const vector of vectors) {
    const expected = messageAuthenticator(packet, header.length, vector, offset, secret)
    if (timingSafeEqual(expected, received)) return
  }
  throw new RadiusCodecError(
    'E_RADIUS_BAD_MESSAGE_AUTHENTICATOR',
    'Message-Authenticator does not match (wrong shared secret or forged packet)'
  )
}

/**
 * Lets the package parse the attribute values; its throws become typed errors, and User-Password
 * is revealed by us (RFC 2865 §5.2) since the package runs without the secret.
 */
function decodeAttributes(
  packet: Buffer,
  header: PacketHeader,
  layout: AttributeLayout,
  secret: RadiusSecret
): DecodedPacket {
  let attributes: Record<string, unknown>
  let rawAttributes: RawAttribute[]
  try {
    const decoded = radius.decode({ packet: packet.subarray(0, header.length), no_secret: true })
    attributes = decoded.attributes
    rawAttributes = decoded.raw_attributes
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new RadiusCodecError('E_RADIUS_MALFORMED', `undecodable attribute: ${reason}`, {
      cause: error,
    })
  }

  // Only an Access-Request hides a User-Password with its own authenticator.
  if (layout.userPassword !== -1 && header.code === RadiusCode.AccessRequest) {
    const length = layout.userPasswordLength
    if (length < 16 || length > 128 || length % 16 !== 0) {
      throw new RadiusCodecError('E_RADIUS_MALFORMED', `User-Password of ${length} bytes`)
    }
    const hidden = packet.subarray(layout.userPassword, layout.userPassword + length)
    attributes['User-Password'] = revealUserPassword(hidden, secret, header.authenticator).toString(
      'utf8'
    )
  }

  let vendorAttributes = NO_VENDOR_ATTRIBUTES
  if (attributes['Vendor-Specific'] !== undefined) {
    vendorAttributes = attributes['Vendor-Specific'] as DecodedAttributes
    delete attributes['Vendor-Specific']
  }

  return {
    code: header.code,
    identifier: header.identifier,
    authenticator: header.authenticator,
    attributes: attributes as Record<string, AttributeValue | AttributeValue[]>,
    vendorAttributes,
    rawAttributes,
    hasMessageAuthenticator: layout.messageAuthenticator !== -1,
    bytes: packet.subarray(0, header.length),
  }
}

/**
 * Decodes and verifies a request from a NAS (Access-Request, Accounting-Request, Status-Server)
 * or, for a NAS double in tests, a CoA/Disconnect-Request. Throws only {@link RadiusCodecError}.
 */
export function decodeRequest(
  datagram: Buffer,
  secret: RadiusSecret,
  options: DecodeRequestOptions = {}
): DecodedPacket {
  const header = peekHeader(datagram)
  if (!isRequestCode(header.code)) {
    throw new RadiusCodecError(
      'E_RADIUS_UNSUPPORTED_CODE',
      `packet code ${header.code} is not a request we accept`
    )
  }
  const layout = scanAttributes(datagram, header.length)

  const signedByRandomVector =
    header.code === RadiusCode.AccessRequest || header.code === RadiusCode.StatusServer
  if (!signedByRandomVector) {
    // RFC 2866 §3, RFC 5176 §2.3: MD5 over the packet with a zero authenticator, plus secret.
    const expected = packetDigest(datagram, header.length, ZERO_VECTOR, secret)
    if (!timingSafeEqual(expected, header.authenticator)) {
      throw new RadiusCodecError(
        'E_RADIUS_BAD_AUTHENTICATOR',
        'Request Authenticator does not match (wrong shared secret or forged packet)'
      )
    }
  }

  if (layout.messageAuthenticator !== -1) {
    const vector = messageAuthenticatorVector(header.code, header.authenticator)
    verifyMessageAuthenticator(datagram, header, layout, secret, [vector])
  } else if (
    header.code === RadiusCode.StatusServer ||
    (header.code === RadiusCode.AccessRequest && options.requireMessageAuthenticator)
  ) {
    // RFC 5997 §3: Status-Server without Message-Authenticator MUST be discarded.
    throw new RadiusCodecError(
      'E_RADIUS_MISSING_MESSAGE_AUTHENTICATOR',
      'Message-Authenticator is required'
    )
  }

  return decodeAttributes(datagram, header, layout, secret)
}

/**
 * Decodes and verifies the reply to a request we sent (`request` = the exact bytes sent), e.g. a
 * CoA-ACK/NAK. Checks code, Identifier, Response Authenticator (RFC 2865 §3, RFC 5176 §2.3)
 * and Message-Authenticator. Throws only {@link RadiusCodecError}.
 */
export function decodeResponse(
  datagram: Buffer,
  request: Buffer,
  secret: RadiusSecret,
  options: DecodeResponseOptions = {}
): DecodedPacket {
  const header = peekHeader(datagram)
  const sent = peekHeader(request)
  if (!isResponseTo(sent.code, header.code) || header.identifier !== sent.identifier) {
    throw new RadiusCodecError(
      'E_RADIUS_RESPONSE_MISMATCH',
      `code ${header.code} / Identifier ${header.identifier} does not answer code ${sent.code} / Identifier ${sent.identifier}`
    )
  }
  const layout = scanAttributes(datagram, header.length)

  const expected = packetDigest(datagram, header.length, sent.authenticator, secret)
  if (!timingSafeEqual(expected, header.authenticator)) {
    throw new RadiusCodecError(
      'E_RADIUS_BAD_AUTHENTICATOR',
      'Response Authenticator does not match (wrong shared secret or forged reply)'
    )
  }

  if (layout.messageAuthenticator !== -1) {
    const vector = messageAuthenticatorVector(header.code, header.authenticator, sent)
    // FreeRADIUS before 3.2 signed CoA/Disconnect ACK/NAK over a zero vector: accept both forms.
    const isCoaReply =
      sent.code === RadiusCode.CoaRequest || sent.code === RadiusCode.DisconnectRequest
    verifyMessageAuthenticator(
      datagram,
      header,
      layout,
      secret,
      isCoaReply ? [vector, ZERO_VECTOR] : [vector]
    )
  } else if (options.requireMessageAuthenticator) {
    throw new RadiusCodecError(
      'E_RADIUS_MISSING_MESSAGE_AUTHENTICATOR',
      'Message-Authenticator is required'
    )
  }

  return decodeAttributes(datagram, header, layout, secret)
}
