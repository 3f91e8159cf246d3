import { createHash } from 'node:crypto'
import { test } from '@japa/runner'
import { decodeRequest, encodeRequest, RadiusCode } from '#radius/codec/index'
import { MschapV1Validator } from '#radius/auth/validators/index'
import { FIXTURE_SECRET as secret, fixtures } from '../fixtures.js'
import { microsoftValue } from '../helpers.js'

test.group('validators / MS-CHAPv1 (RFC 2433)', () => {
  test('accepts the response radclient computed, with MS-CHAP-MPPE-Keys', ({ assert }) => {
    const request = decodeRequest(fixtures.mschapV1, secret)
    const result = new MschapV1Validator().validate(request, 'hello', secret)
    assert.isTrue(result.ok)
    // Revealed by hand (RFC 2865 §5.2 chain). radclient 3.2.1 printed the same 24 bytes from our
    // Accept: the LM key of "hello" (FDA95FBECA288D44…) + NtPasswordHashHash.
    const hidden = microsoftValue(result.replyAttributes, 'MS-CHAP-MPPE-Keys') as Buffer
    assert.lengthOf(hidden, 32)
    const pad1 = createHash('md5').update(secret).update(request.authenticator).digest()
    const pad2 = createHash('md5').update(secret).update(hidden.subarray(0, 16)).digest()
    const plain = Buffer.alloc(32)
    for (let i = 0; i < 32; i++) plain[i] = hidden[i] ^ (i < 16 ? pad1[i] : pad2[i - 16])
    assert.equal(
      plain.toString('hex'),
      'fda95fbeca288d44ac0782e2de2337dee40e54ee732c1af5' + '00'.repeat(8)
    )
    assert.equal(microsoftValue(result.replyAttributes, 'MS-MPPE-Encryption-Policy'), 1)
    assert.equal(microsoftValue(result.replyAttributes, 'MS-MPPE-Encryption-Types'), 6)
  })

  test('wrong password: MS-CHAP-Error 691 with the Ident', ({ assert }) => {
    const request = decodeRequest(fixtures.mschapV1, secret)
    const result = new MschapV1Validator().validate(request, 'hellO', secret)
    assert.isFalse(result.ok)
    const error = microsoftValue(result.replyAttributes, 'MS-CHAP-Error') as Buffer
    assert.equal(error.toString('latin1'), '\x00E=691 R=0')
  })

  test('LM-only responses (Flags bit 0 clear) are unsupported', ({ assert }) => {
    const original = decodeRequest(fixtures.mschapV1, secret)
    const response = Buffer.from(original.vendorAttributes['MS-CHAP-Response'] as Buffer)
    response[1] = 0
    const wire = encodeRequest({
      code: RadiusCode.AccessRequest,
      identifier: 1,
      secret,
      attributes: [
        ['User-Name', 'bob'],
        [
          'Vendor-Specific',
          311,
          [['MS-CHAP-Challenge', original.vendorAttributes['MS-CHAP-Challenge'] as Buffer]],
        ],
        ['Vendor-Specific', 311, [['MS-CHAP-Response', response]]],
      ],
    })
    const result = new MschapV1Validator().validate(decodeRequest(wire, secret), 'hello', secret)
    assert.deepEqual(result, { ok: false, reason: 'unsupported', replyAttributes: [] })
  })
})
