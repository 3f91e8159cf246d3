import { test } from '@japa/runner'
import { decodeRequest } from '#radius/codec/index'
import { PapValidator } from '#radius/auth/validators/index'
import { FIXTURE_SECRET as secret, fixtures } from '../fixtures.js'

test.group('validators / PAP', () => {
  test('accepts the password radclient hid, nothing else', ({ assert }) => {
    const request = decodeRequest(fixtures.papWithMessageAuthenticator, secret)
    const pap = new PapValidator()
    assert.deepEqual(pap.validate(request, 'hello'), { ok: true, replyAttributes: [] })
    assert.deepEqual(pap.validate(request, 'hello!'), {
      ok: false,
      reason: 'wrong-password',
      replyAttributes: [],
    })
    assert.isFalse(pap.validate(request, 'hell').ok)
    assert.isFalse(pap.validate(request, '').ok)
  })

  test('a request without User-Password is malformed for PAP', ({ assert }) => {
    const request = decodeRequest(fixtures.chapWithChallenge, secret)
    assert.deepEqual(new PapValidator().validate(request, 'hello'), {
      ok: false,
      reason: 'malformed',
      replyAttributes: [],
    })
  })
})
