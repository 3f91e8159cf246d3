/*
 * Encoding of requests and replies. The `radius` package serialises the attribute list; the
 * header, Message-Authenticator (always first, RFC 3579 §3.2 / BlastRADIUS), authenticators,
 * Proxy-State echo and User-Password hiding are done here.
 */
import { randomBytes } from 'node:crypto'
import type { RadiusSecret } from '../crypto/secret.js'
import { hideUserPassword } from '../crypto/user_password.js'
import { loadDictionaries } from '../dictionaries/index.js'
import { MESSAGE_AUTHENTICATOR, PROXY_STATE, USER_PASSWORD } from './attribute_scan.js'
import {
  messageAuthenticator,
  messageAuthenticatorVector,
  packetDigest,
  ZERO_VECTOR,
} from './authenticators.js'
import { RadiusCodecError } from './errors.js'
import { AUTHENTICATOR_LENGTH, HEADER_LENGTH, MAX_PACKET_LENGTH } from './header.js'
import { NO_VENDOR, radius } from './radius_package.js'
import { isRequestCode, isResponseTo, RadiusCode } from './radius_code.js'
import type { DecodedPacket, OutgoingAttribute } from './types.js'

loadDictionaries()

// Packets are assembled here, then copied out at their exact length (encoding is synchronous).
const scratch = Buffer.allocUnsafe(MAX_PACKET_LENGTH)
const MA_OFFSET = HEADER_LENGTH + 2

/**
 * Options for {@link encodeRequest}.
 */
export interface EncodeRequestOptions {
  code: RadiusCode
  identifier: number
  secret: RadiusSecret
  /** A string or Buffer User-Password is hidden here (RFC 2865 §5.2). */
  attributes?: readonly OutgoingAttribute[]
  /** Access-Request / Status-Server authenticator; random when omitted. */
  authenticator?: Buffer
  /** Add a Message-Authenticator; on by default for Access-Request and Status-Server. */
  messageAuthenticator?: boolean
}

/**
 * Options for {@link encodeResponse}.
 */
export interface EncodeResponseOptions {
  code: RadiusCode
  secret: RadiusSecret
  attributes?: readonly OutgoingAttribute[]
  /**
   * Add a Message-Authenticator. Default: always for Access-Accept/Reject/Challenge and replies
   * to Status-Server; for CoA/Disconnect ACK/NAK when the request carried one; never for an
   * Accounting-Response to an Accounting-Request.
   */
  messageAuthenticator?: boolean
}

/**
 * The parts of a decoded request a reply needs.
 */
export type RequestForReply = Pick<
  DecodedPacket,
  'code' | 'identifier' | 'authenticator' | 'rawAttributes' | 'hasMessageAuthenticator'
>

function encodeError(message: string, cause?: unknown): RadiusCodecError {
  return new RadiusCodecError(
    'E_RADIUS_ENCODE',
    message,
    cause === undefined ? undefined : { cause }
  )
}

/**
 * Writes header and attributes into `scratch` and returns a copy of the packet. The
 * Authenticator field holds `authenticator`; the Message-Authenticator, if any, is zeros.
 */
function assemble(
  code: number,
  identifier: number,
  authenticator: Uint8Array,
  withMessageAuthenticator: boolean,
  attributes: readonly OutgoingAttribute[]
): Buffer {
  if (!Number.isInteger(identifier) || identifier < 0 || identifier > 255) {
    throw encodeError(`Identifier ${identifier} is not 0..255`)
  }
  scratch[0] = code
  scratch[1] = identifier
  scratch.set(authenticator, 4)
  let offset = HEADER_LENGTH
  if (withMessageAuthenticator) {
    scratch[offset] = MESSAGE_AUTHENTICATOR
    scratch[offset + 1] = 2 + AUTHENTICATOR_LENGTH
    scratch.fill(0, MA_OFFSET, MA_OFFSET + AUTHENTICATOR_LENGTH)
    offset = MA_OFFSET + AUTHENTICATOR_LENGTH
  }
  try {
    offset += radius.encode_attributes(scratch.subarray(offset), attributes, NO_VENDOR)
  } catch (error) {
    throw encodeError(
      `cannot encode attributes: ${error instanceof Error ? error.message : String(error)}`,
      error
    )
  }
  // The package silently truncates a value copied past the end of its target buffer.
  if (offset > MAX_PACKET_LENGTH) {
    throw encodeError(`packet of ${offset} bytes exceeds ${MAX_PACKET_LENGTH}`)
  }
  scratch.writeUInt16BE(offset, 2)
  return Buffer.from(scratch.subarray(0, offset))
}

function signMessageAuthenticator(packet: Buffer, vector: Buffer, secret: RadiusSecret): void {
  messageAuthenticator(packet, packet.length, vector, MA_OFFSET, secret).copy(packet, MA_OFFSET)
}

function isUserPassword(attribute: OutgoingAttribute): boolean {
  return attribute[0] === 'User-Password' || attribute[0] === USER_PASSWORD
}

/**
 * Encodes a request: Access-Request and Status-Server (random authenticator, RFC 2865 §3) or
 * Accounting-Request, CoA-Request, Disconnect-Request (MD5 authenticator, RFC 2866 §3,
 * RFC 5176 §2.3). Throws only {@link RadiusCodecError}.
 */
export function encodeRequest(options: EncodeRequestOptions): Buffer {
  const { code, secret } = options
  if (!isRequestCode(code)) throw encodeError(`code ${code} is not a request`)
  const randomVector = code === RadiusCode.AccessRequest || code === RadiusCode.StatusServer
  if (!randomVector && options.authenticator) {
    throw encodeError(`code ${code} computes its own authenticator`)
  }
  const authenticator = randomVector
    ? (options.authenticator ?? randomBytes(AUTHENTICATOR_LENGTH))
    : ZERO_VECTOR
  if (authenticator.length !== AUTHENTICATOR_LENGTH) {
    throw encodeError('authenticator must be 16 bytes')
  }

  const attributes = (options.attributes ?? []).map((attribute): OutgoingAttribute => {
    if (!isUserPassword(attribute)) return attribute
    const value = attribute[1]
    if (
      code !== RadiusCode.AccessRequest ||
      !(typeof value === 'string' || Buffer.isBuffer(value))
    ) {
      throw encodeError('User-Password must be a string or Buffer in an Access-Request')
    }
    const plain = typeof value === 'string' ? Buffer.from(value, 'utf8') : value
    if (plain.length > 128) throw encodeError('User-Password is longer than 128 bytes')
    return ['User-Password', hideUserPassword(plain, secret, authenticator)]
  })

  const withMessageAuthenticator = options.messageAuthenticator ?? randomVector
  const packet = assemble(
    code,
    options.identifier,
    authenticator,
    withMessageAuthenticator,
    attributes
  )
  // RFC 5176 §3.4: Message-Authenticator first (over the zero vector), then the authenticator.
  if (withMessageAuthenticator) {
    signMessageAuthenticator(packet, messageAuthenticatorVector(code, authenticator), secret)
  }
  if (!randomVector) packetDigest(packet, packet.length, ZERO_VECTOR, secret).copy(packet, 4)
  return packet
}

/**
 * Encodes the reply to `request`: same Identifier, Proxy-State copied in order (RFC 2865
 * §5.33), Message-Authenticator first, then the Response Authenticator (RFC 2865 §3).
 * Throws only {@link RadiusCodecError}.
 */
export function encodeResponse(request: RequestForReply, options: EncodeResponseOptions): Buffer {
  const { code, secret } = options
  if (!isResponseTo(request.code, code)) {
    throw encodeError(`code ${code} does not answer code ${request.code}`)
  }

  const isAccessReply =
    code === RadiusCode.AccessAccept ||
    code === RadiusCode.AccessReject ||
    code === RadiusCode.AccessChallenge
  const isCoaReply =
    request.code === RadiusCode.CoaRequest || request.code === RadiusCode.DisconnectRequest
  const withMessageAuthenticator =
    options.messageAuthenticator ??
    (isAccessReply ||
      request.code === RadiusCode.StatusServer ||
      (isCoaReply && request.hasMessageAuthenticator))

  let attributes = options.attributes ?? []
  const proxyStates = request.rawAttributes.filter(([type]) => type === PROXY_STATE)
  if (proxyStates.length > 0) attributes = [...attributes, ...proxyStates]

  const packet = assemble(
    code,
    request.identifier,
    request.authenticator,
    withMessageAuthenticator,
    attributes
  )
  if (withMessageAuthenticator) {
    signMessageAuthenticator(
      packet,
      messageAuthenticatorVector(code, request.authenticator, request),
      secret
    )
  }
  packetDigest(packet, packet.length, request.authenticator, secret).copy(packet, 4)
  return packet
}
