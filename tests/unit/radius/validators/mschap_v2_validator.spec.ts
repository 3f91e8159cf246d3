import { test } from '@japa/runner'
import { decodeRequest, encodeRequest, RadiusCode } from '#radius/codec/index'
import { MschapV2Validator } from '#radius/auth/validators/index'
import { FIXTURE_SECRET as secret, fixtures } from '../fixtures.js'
import { decryptSaltedKey, microsoftValue } from '../helpers.js'

/** An Access-Request carrying the RFC 2759 §9.2 challenge and `response` for `userName`. */
function mschapV2Request(userName: string, response: Buffer): Buffer {
  const original = decodeRequest(fixtures.mschapV2, secret)
  return encodeRequest({
    code: RadiusCode.AccessRequest,
    identifier: 1,
    secret,
    attributes: [
      ['User-Name', userName],
      [
        'Vendor-Specific',
        311,
        [['MS-CHAP-Challenge', original.vendorAttributes['MS-CHAP-Challenge'] as Buffer]],
      ],
      ['Vendor-Specific', 311, [['MS-CHAP2-Response', response]]],
    ],
  })
}

test.group('validators / MS-CHAPv2 (RFC 2759)', () => {
  test('accepts the RFC 2759 §9.2 exchange; success string and RFC 3079 keys', ({ assert }) => {
    const request = decodeRequest(fixtures.mschapV2, secret)
    const validator = new MschapV2Validator({ encryptionPolicy: 2, encryptionTypes: 4 })
    const result = validator.validate(request, 'clientPass', secret)
    assert.isTrue(result.ok)
    const success = microsoftValue(result.replyAttributes, 'MS-CHAP2-Success') as Buffer
    assert.equal(success.toString('latin1'), '\x01S=407A5589115FD0D6209F510FE9C04566932CDA56')

    const send = microsoftValue(result.replyAttributes, 'MS-MPPE-Send-Key') as Buffer
    const receive = microsoftValue(result.replyAttributes, 'MS-MPPE-Recv-Key') as Buffer
    assert.notEqual(send.readUInt16BE(0), receive.readUInt16BE(0))
    assert.equal(
      decryptSaltedKey(send, request.authenticator, secret).toString('hex'),
      '8b7cdc149b993a1ba118cb153f56dccb'
    )
    assert.equal(
      decryptSaltedKey(receive, request.authenticator, secret).toString('hex'),
      'd5f0e9521e3ea9589645e86051c82226'
    )
    assert.equal(microsoftValue(result.replyAttributes, 'MS-MPPE-Encryption-Policy'), 2)
    assert.equal(microsoftValue(result.replyAttributes, 'MS-MPPE-Encryption-Types'), 4)
  })

  test('wrong password: MS-CHAP-Error 691 with the Ident and a fresh challenge', ({ assert }) => {
    const request = decodeRequest(fixtures.mschapV2, secret)
    const result = new MschapV2Validator().validate(request, 'clientPasS', secret)
    assert.isFalse(result.ok)
    const error = microsoftValue(result.replyAttributes, 'MS-CHAP-Error') as Buffer
    assert.equal(error[0], 0x01)
    const text = error.subarray(1).toString('latin1')
    assert.match(text, /^E=691 R=0 C=[0-9A-F]{32} V=3 M=Authentication failed$/)
  })

  test('a DOMAIN\\ prefix in User-Name is not hashed (RFC 2759 §8.2)', ({ assert }) => {
    const response = decodeRequest(fixtures.mschapV2, secret).vendorAttributes[
      'MS-CHAP2-Response'
    ] as Buffer
    const request = decodeRequest(mschapV2Request('CORP\\User', response), secret)
    assert.isTrue(new MschapV2Validator().validate(request, 'clientPass', secret).ok)
    const otherUser = decodeRequest(mschapV2Request('Usr', response), secret)
    assert.isFalse(new MschapV2Validator().validate(otherUser, 'clientPass', secret).ok)
  })

  test('a truncated MS-CHAP2-Response is malformed', ({ assert }) => {
    const request = decodeRequest(mschapV2Request('User', Buffer.alloc(49)), secret)
    const result = new MschapV2Validator().validate(request, 'clientPass', secret)
    assert.deepEqual(result, { ok: false, reason: 'malformed', replyAttributes: [] })
  })
})
