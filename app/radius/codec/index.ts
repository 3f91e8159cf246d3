/*
 * The pure RADIUS codec: no sockets, no database.
 */
export { bufferAttribute, rawAttribute, stringAttribute } from './attributes.js'
export { decodeRequest, decodeResponse } from './decode.js'
export type { DecodeRequestOptions, DecodeResponseOptions } from './decode.js'
export { encodeRequest, encodeResponse } from './encode.js'
export type { EncodeRequestOptions, EncodeResponseOptions, RequestForReply } from './encode.js'
export { RadiusCodecError } from './errors.js'
export type { RadiusErrorCode } from './errors.js'
export { HEADER_LENGTH, MAX_PACKET_LENGTH, peekHeader } from './header.js'
export type { PacketHeader } from './header.js'
export { isRequestCode, isResponseTo, RadiusCode } from './radius_code.js'
export type * from './types.js'
export type { RadiusSecret } from '../crypto/secret.js'
