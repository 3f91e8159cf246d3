/**
 * RADIUS packet codes we send or receive (RFC 2865 §3, RFC 2866 §3, RFC 5176 §2, RFC 5997).
 */
export const RadiusCode = {
  AccessRequest: 1,
  AccessAccept: 2,
  AccessReject: 3,
  AccountingRequest: 4,
  AccountingResponse: 5,
  AccessChallenge: 11,
  StatusServer: 12,
  DisconnectRequest: 40,
  DisconnectAck: 41,
  DisconnectNak: 42,
  CoaRequest: 43,
  CoaAck: 44,
  CoaNak: 45,
} as const

/**
 * One of the codes above.
 */
export type RadiusCode = (typeof RadiusCode)[keyof typeof RadiusCode]

// RFC 2865 §4, RFC 2866 §4, RFC 5176 §2, RFC 5997 §4: the replies each request may get.
const RESPONSES: Readonly<Record<number, readonly number[]>> = {
  [RadiusCode.AccessRequest]: [
    RadiusCode.AccessAccept,
    RadiusCode.AccessReject,
    RadiusCode.AccessChallenge,
  ],
  [RadiusCode.AccountingRequest]: [RadiusCode.AccountingResponse],
  [RadiusCode.StatusServer]: [RadiusCode.AccessAccept, RadiusCode.AccountingResponse],
  [RadiusCode.DisconnectRequest]: [RadiusCode.DisconnectAck, RadiusCode.DisconnectNak],
  [RadiusCode.CoaRequest]: [RadiusCode.CoaAck, RadiusCode.CoaNak],
}

/**
 * Whether `code` is a request this codec decodes and encodes.
 */
export function isRequestCode(code: number): boolean {
  return RESPONSES[code] !== undefined
}

/**
 * Whether `response` is a valid reply code to a request with code `request`.
 */
export function isResponseTo(request: number, response: number): boolean {
  return RESPONSES[request]?.includes(response) ?? false
}
