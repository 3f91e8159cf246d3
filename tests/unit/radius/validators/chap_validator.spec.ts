import { test } from '@japa/runner'
import { decodeRequest, encodeRequest, RadiusCode } from '#radius/codec/index'
import { ChapValidator } from '#radius/auth/validators/index'
import { FIXTURE_SECRET as secret, fixtures } from '../fixtures.js'

test.group('validators / CHAP (RFC 2865 §5.3)', () => {
  test('request authenticator as the challenge (radclient)', ({ assert }) => {
    const request = decodeRequest(fixtures.chapWithMessageAuthenticator, secret)
    const chap = new ChapValidator()
    assert.isTrue(chap.validate(request, 'hello').ok)
    assert.deepEqual(chap.validate(request, 'hellO'), {
      ok: false,
      reason: 'wrong-password',
      replyAttributes: [],
    })
  })

  test('CHAP-Challenge as the challenge (radclient)', ({ assert }) => {
    const request = decodeRequest(fixtures.chapWithChallenge, secret)
    assert.isTrue(new ChapValidator().validate(request, 'hello').ok)
    assert.isFalse(new ChapValidator().validate(request, 'hello ').ok)
  })

  test('CHAP-Password of the wrong length is malformed', ({ assert }) => {
    const wire = encodeRequest({
      code: RadiusCode.AccessRequest,
      identifier: 1,
      secret,
      attributes: [['CHAP-Password', Buffer.alloc(16)]],
    })
    const result = new ChapValidator().validate(decodeRequest(wire, secret), 'hello')
    assert.deepEqual(result, { ok: false, reason: 'malformed', replyAttributes: [] })
  })
})
