/*
 * The Authenticator field and the Message-Authenticator attribute, computed over slices of the
 * packet (no copy, no mutation of the received buffer).
 */
import { HmacMd5, hmacMd5Key, Md5 } from '../crypto/md5.js'
import { secretBytes, type RadiusSecret } from '../crypto/secret.js'
import { AUTHENTICATOR_LENGTH, HEADER_LENGTH } from './header.js'
import { RadiusCode } from './radius_code.js'

/**
 * Sixteen zero bytes: the Authenticator-field stand-in for Accounting/CoA/Disconnect requests.
 */
export const ZERO_VECTOR: Buffer = Buffer.alloc(AUTHENTICATOR_LENGTH)

/**
 * Feeds the packet with `vector` in the Authenticator field and, when `zeroAt` >= 0, the 16
 * bytes at `zeroAt` (the Message-Authenticator value) replaced by zeros.
 */
function feed(
  digest: Md5 | HmacMd5,
  packet: Buffer,
  length: number,
  vector: Uint8Array,
  zeroAt: number
): void {
  digest.update(packet, 0, 4)
  digest.update(vector)
  if (zeroAt < 0) {
    digest.update(packet, HEADER_LENGTH, length)
    return
  }
  digest.update(packet, HEADER_LENGTH, zeroAt)
  digest.update(ZERO_VECTOR)
  digest.update(packet, zeroAt + AUTHENTICATOR_LENGTH, length)
}

// Reused for every packet: the hashing is synchronous, so one of each is never shared.
const packetHash = new Md5()
const packetHmac = new HmacMd5()

/**
 * MD5(Code + Identifier + Length + `vector` + Attributes + Secret): the Response Authenticator
 * with the request's authenticator as `vector` (RFC 2865 §3), or the Request Authenticator of
 * Accounting/CoA/Disconnect requests with zeros (RFC 2866 §3, RFC 5176 §2.3).
 */
export function packetDigest(
  packet: Buffer,
  length: number,
  vector: Uint8Array,
  secret: RadiusSecret
): Buffer {
  feed(packetHash.reset(), packet, length, vector, -1)
  return packetHash.update(secretBytes(secret)).digest()
}

/**
 * HMAC-MD5 keyed by the secret over the packet with `vector` in the Authenticator field and
 * the Message-Authenticator value at `valueOffset` zeroed (RFC 3579 §3.2).
 */
export function messageAuthenticator(
  packet: Buffer,
  length: number,
  vector: Uint8Array,
  valueOffset: number,
  secret: RadiusSecret
): Buffer {
  feed(packetHmac.start(hmacMd5Key(secretBytes(secret))), packet, length, vector, valueOffset)
  return packetHmac.digest()
}

/**
 * The Authenticator-field contents a Message-Authenticator is computed with, per packet code:
 * - Access-Request, Status-Server: the packet's own random authenticator (RFC 3579 §3.2);
 * - Accounting-Request, CoA-Request, Disconnect-Request: zeros (RFC 5176 §3.4; FreeRADIUS does
 *   the same for accounting, which the `radius` package gets wrong);
 * - Access-Accept/Reject/Challenge, CoA/Disconnect ACK/NAK: the request's authenticator
 *   (RFC 3579 §3.2, RFC 5176 §3.4);
 * - Accounting-Response: the request's authenticator after Status-Server (RFC 5997), else
 *   zeros as FreeRADIUS 3.2 does (no RFC defines this case).
 */
export function messageAuthenticatorVector(
  code: number,
  ownAuthenticator: Buffer,
  request?: { code: number; authenticator: Buffer }
): Buffer {
  switch (code) {
    case RadiusCode.AccessRequest:
    case RadiusCode.StatusServer:
      return ownAuthenticator
    case RadiusCode.AccountingResponse:
      return request?.code === RadiusCode.StatusServer ? request.authenticator : ZERO_VECTOR
    case RadiusCode.AccessAccept:
    case RadiusCode.AccessReject:
    case RadiusCode.AccessChallenge:
    case RadiusCode.DisconnectAck:
    case RadiusCode.DisconnectNak:
    case RadiusCode.CoaAck:
    case RadiusCode.CoaNak:
      return request?.authenticator ?? ZERO_VECTOR
    default:
      return ZERO_VECTOR
  }
}
