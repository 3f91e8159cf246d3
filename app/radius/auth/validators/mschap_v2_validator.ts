import { randomBytes } from 'node:crypto'
import { bufferAttribute, rawAttribute, type DecodedPacket } from '../../codec/index.js'
import { fixedLengthEqual } from '../../crypto/constant_time.js'
import { mppeMasterKey, mppeServerKeys } from '../../crypto/mppe.js'
import {
  generateAuthenticatorResponse,
  generateNtResponse,
  hashNtPasswordHash,
  ntPasswordHash,
} from '../../crypto/mschap.js'
import { encryptSaltedKey, saltPair } from '../../crypto/salted_key.js'
import type { RadiusSecret } from '../../crypto/secret.js'
import { microsoft, mppePolicy, withIdent, type MppeOptions } from './microsoft_attributes.js'
import { failure, type PasswordValidator, type ValidationResult } from './password_validator.js'

// RFC 2548 §2.3.2: Ident, Flags, Peer-Challenge (16), Reserved (8), Response (24).
const RESPONSE_LENGTH = 50
const USER_NAME = 1
const BACKSLASH = 0x5c

/**
 * RFC 2759 §8.2: the challenge hash uses the user name without a `DOMAIN\` prefix, taken from
 * the raw User-Name bytes so no character set conversion can alter it.
 */
function challengeUserName(request: DecodedPacket): Buffer {
  const userName = rawAttribute(request, USER_NAME) ?? Buffer.alloc(0)
  return userName.subarray(userName.indexOf(BACKSLASH) + 1)
}

/**
 * MS-CHAPv2 (RFC 2759) from MS-CHAP-Challenge (16 bytes) and MS-CHAP2-Response. The Accept
 * carries MS-CHAP2-Success with the authenticator response (§8.7) and the server's MPPE start
 * keys (RFC 3079 §3.4) salt-encrypted as MS-MPPE-Send-Key/Recv-Key (RFC 2548 §2.4.2).
 */
export class MschapV2Validator implements PasswordValidator {
  readonly method = 'mschap-v2'
  readonly #mppe: MppeOptions

  constructor(mppe: MppeOptions = {}) {
    this.#mppe = mppe
  }

  validate(
    request: DecodedPacket,
    cleartextPassword: string,
    secret: RadiusSecret
  ): ValidationResult {
    const challenge = bufferAttribute(request.vendorAttributes, 'MS-CHAP-Challenge')
    const response = bufferAttribute(request.vendorAttributes, 'MS-CHAP2-Response')
    if (challenge?.length !== 16 || response?.length !== RESPONSE_LENGTH)
      return failure('malformed')

    const ident = response[0]
    const peerChallenge = response.subarray(2, 18)
    const ntResponse = response.subarray(26, 50)
    const userName = challengeUserName(request)
    const passwordHash = ntPasswordHash(cleartextPassword)

    const expected = generateNtResponse(challenge, peerChallenge, userName, passwordHash)
    if (!fixedLengthEqual(expected, ntResponse)) {
      // RFC 2759 §6: 691 = authentication failure, R=0 no retry, C = a fresh challenge.
      const text = `E=691 R=0 C=${randomBytes(16).toString('hex').toUpperCase()} V=3 M=Authentication failed`
      return {
        ok: false,
        reason: 'wrong-password',
        replyAttributes: [microsoft('MS-CHAP-Error', withIdent(ident, text))],
      }
    }

    const success = generateAuthenticatorResponse(
      passwordHash,
      ntResponse,
      peerChallenge,
      challenge,
      userName
    )
    const keys = mppeServerKeys(mppeMasterKey(hashNtPasswordHash(passwordHash), ntResponse))
    const [sendSalt, receiveSalt] = saltPair()
    return {
      ok: true,
      replyAttributes: [
        microsoft('MS-CHAP2-Success', withIdent(ident, success)),
        microsoft(
          'MS-MPPE-Send-Key',
          encryptSaltedKey(keys.send, secret, request.authenticator, sendSalt)
        ),
        microsoft(
          'MS-MPPE-Recv-Key',
          encryptSaltedKey(keys.receive, secret, request.authenticator, receiveSalt)
        ),
        ...mppePolicy(this.#mppe),
      ],
    }
  }
}
