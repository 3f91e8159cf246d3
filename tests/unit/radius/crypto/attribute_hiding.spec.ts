import { createHash } from 'node:crypto'
import { test } from '@japa/runner'
import { encryptSaltedKey, saltPair } from '#radius/crypto/salted_key'
import { hideUserPassword, revealUserPassword } from '#radius/crypto/user_password'
import { decryptSaltedKey } from '../helpers.js'

const secret = 'testing123'
const authenticator = Buffer.from('0123456789abcdef0123456789abcdef', 'hex')

test.group('crypto / User-Password hiding (RFC 2865 §5.2)', () => {
  test('first block is p1 xor MD5(secret + authenticator)', ({ assert }) => {
    const hidden = hideUserPassword(Buffer.from('hello'), secret, authenticator)
    const pad = createHash('md5').update(secret).update(authenticator).digest()
    const plain = Buffer.alloc(16)
    plain.write('hello')
    for (let i = 0; i < 16; i++) plain[i] ^= pad[i]
    assert.deepEqual(hidden, plain)
  })

  test('round trip for lengths 0..128 strips only the NUL padding', ({ assert }) => {
    for (let length = 0; length <= 128; length++) {
      const password = Buffer.alloc(length, 0x41 + (length % 26))
      const hidden = hideUserPassword(password, secret, authenticator)
      assert.equal(hidden.length, Math.max(16, Math.ceil(length / 16) * 16))
      assert.deepEqual(revealUserPassword(hidden, secret, authenticator), password)
    }
  })
})

test.group('crypto / MS-MPPE key salt-encryption (RFC 2548 §2.4.2)', () => {
  test('Salt has the high bit set, the value decrypts to the key', ({ assert }) => {
    const key = Buffer.from('8b7cdc149b993a1ba118cb153f56dccb', 'hex')
    const value = encryptSaltedKey(key, secret, authenticator, 0x0123)
    assert.equal(value.length, 34)
    assert.equal(value.readUInt16BE(0), 0x8123)
    assert.deepEqual(decryptSaltedKey(value, authenticator, secret), key)
  })

  test('salt pairs are distinct and both have the high bit set', ({ assert }) => {
    for (let i = 0; i < 100; i++) {
      const [send, receive] = saltPair()
      assert.notEqual(send, receive)
      assert.isAtLeast(send & 0x8000, 1)
      assert.isAtLeast(receive & 0x8000, 1)
    }
  })
})
