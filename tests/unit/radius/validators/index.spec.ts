import { test } from '@japa/runner'
import { decodeRequest } from '#radius/codec/index'
import { pickValidator } from '#radius/auth/validators/index'
import { FIXTURE_SECRET as secret, fixtures } from '../fixtures.js'

test.group('validators / pickValidator', () => {
  test('picks by the credentials the request carries', ({ assert }) => {
    const method = (packet: Buffer) => pickValidator(decodeRequest(packet, secret))?.method
    assert.equal(method(fixtures.papWithMessageAuthenticator), 'pap')
    assert.equal(method(fixtures.chapWithChallenge), 'chap')
    assert.equal(method(fixtures.mschapV1), 'mschap-v1')
    assert.equal(method(fixtures.mschapV2), 'mschap-v2')
    assert.isUndefined(method(fixtures.statusServer))
  })
})
