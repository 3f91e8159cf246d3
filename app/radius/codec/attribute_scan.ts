/*
 * One pass over the top-level attributes that checks their framing before anything is hashed or
 * handed to the `radius` package, and finds the attributes the codec handles itself.
 */
import { RadiusCodecError } from './errors.js'
import { AUTHENTICATOR_LENGTH, HEADER_LENGTH } from './header.js'

/** User-Password (RFC 2865 §5.2): revealed by the codec, not the package. */
export const USER_PASSWORD = 2
/** Proxy-State (RFC 2865 §5.33): echoed into every reply. */
export const PROXY_STATE = 33
/** Message-Authenticator (RFC 2869 §5.14): verified and signed by the codec. */
export const MESSAGE_AUTHENTICATOR = 80

/**
 * Where the attributes we handle ourselves sit in the packet (-1 when absent).
 */
export interface AttributeLayout {
  /** Offset of the 16-byte Message-Authenticator value. */
  messageAuthenticator: number
  /** Offset and length of the hidden User-Password value. */
  userPassword: number
  userPasswordLength: number
}

function malformed(message: string): RadiusCodecError {
  return new RadiusCodecError('E_RADIUS_MALFORMED', message)
}

/**
 * Walks attributes in `packet[20..length)`; every attribute must have Length >= 2 and end
 * inside the packet. At most one Message-Authenticator (exactly 18 bytes, RFC 2869 §5.14) and
 * one User-Password (RFC 2865 §5.44).
 */
export function scanAttributes(packet: Buffer, length: number): AttributeLayout {
  const layout: AttributeLayout = {
    messageAuthenticator: -1,
    userPassword: -1,
    userPasswordLength: 0,
  }
  let offset = HEADER_LENGTH
  while (offset < length) {
    if (offset + 2 > length) throw malformed(`attribute header truncated at offset ${offset}`)
    const type = packet[offset]
    const attributeLength = packet[offset + 1]
    if (attributeLength < 2) {
      throw malformed(`attribute ${type} at offset ${offset} has length ${attributeLength}`)
    }
    if (offset + attributeLength > length) {
      throw malformed(`attribute ${type} at offset ${offset} overruns the packet`)
    }
    if (type === MESSAGE_AUTHENTICATOR) {
      if (attributeLength !== 2 + AUTHENTICATOR_LENGTH) {
        throw malformed(`Message-Authenticator has length ${attributeLength}`)
      }
      if (layout.messageAuthenticator !== -1) throw malformed('more than one Message-Authenticator')
      layout.messageAuthenticator = offset + 2
    } else if (type === USER_PASSWORD) {
      if (layout.userPassword !== -1) throw malformed('more than one User-Password')
      layout.userPassword = offset + 2
      layout.userPasswordLength = attributeLength - 2
    }
    offset += attributeLength
  }
  return layout
}
