import { createHash } from 'node:crypto'
import { test } from '@japa/runner'
import { desEncrypt, expandDesKey } from '#radius/crypto/des'
import { mppeMasterKey, mppeServerKeys } from '#radius/crypto/mppe'
import {
  challengeHash,
  challengeResponse,
  generateAuthenticatorResponse,
  generateNtResponse,
  hashNtPasswordHash,
  lmPasswordHash,
  ntPasswordHash,
} from '#radius/crypto/mschap'
import { hex } from '../fixtures.js'

// RFC 2759 §9.2 (repeated in RFC 3079 §3.5.3).
const userName = Buffer.from('User', 'ascii')
const password = 'clientPass'
const authenticatorChallenge = hex('5B 5D 7C 7D 7B 3F 2F 3E 3C 2C 60 21 32 26 26 28')
const peerChallenge = hex('21 40 23 24 25 5E 26 2A 28 29 5F 2B 3A 33 7C 7E')
const ntResponse = hex('82 30 9E CD 8D 70 8B 5E A0 8F AA 39 81 CD 83 54 42 33 11 4A 3D 85 D6 DF')

test.group('crypto / MS-CHAPv2 (RFC 2759 §9.2)', () => {
  test('ChallengeHash', ({ assert }) => {
    assert.equal(
      challengeHash(peerChallenge, authenticatorChallenge, userName).toString('hex'),
      'd02e4386bce91226'
    )
  })

  test('NtPasswordHash and HashNtPasswordHash', ({ assert }) => {
    const passwordHash = ntPasswordHash(password)
    assert.equal(passwordHash.toString('hex'), '44ebba8d5312b8d611474411f56989ae')
    assert.equal(
      hashNtPasswordHash(passwordHash).toString('hex'),
      '41c00c584bd2d91c4017a2a12fa59f3f'
    )
  })

  test('NT-Response', ({ assert }) => {
    const response = generateNtResponse(
      authenticatorChallenge,
      peerChallenge,
      userName,
      ntPasswordHash(password)
    )
    assert.deepEqual(response, ntResponse)
  })

  test('AuthenticatorResponse', ({ assert }) => {
    const response = generateAuthenticatorResponse(
      ntPasswordHash(password),
      ntResponse,
      peerChallenge,
      authenticatorChallenge,
      userName
    )
    assert.equal(response, 'S=407A5589115FD0D6209F510FE9C04566932CDA56')
  })
})

test.group('crypto / MPPE keys (RFC 3079 §3.5.3)', () => {
  const passwordHashHash = hex('41 C0 0C 58 4B D2 D9 1C 40 17 A2 A1 2F A5 9F 3F')

  test('master key', ({ assert }) => {
    assert.equal(
      mppeMasterKey(passwordHashHash, ntResponse).toString('hex'),
      'fdece3717a8c838cb388e527ae3cdd31'
    )
  })

  test('the server send key is the RFC SendStartKey128 (Magic3)', ({ assert }) => {
    const { send } = mppeServerKeys(hex('FD EC E3 71 7A 8C 83 8C B3 88 E5 27 AE 3C DD 31'))
    assert.equal(send.toString('hex'), '8b7cdc149b993a1ba118cb153f56dccb')
  })

  test('the server receive key uses Magic2', ({ assert }) => {
    // The RFC prints no receive key; recompute GetAsymmetricStartKey by hand with Magic2.
    const masterKey = hex('FD EC E3 71 7A 8C 83 8C B3 88 E5 27 AE 3C DD 31')
    const magic2 =
      'On the client side, this is the send key; on the server side, it is the receive key.'
    const expected = createHash('sha1')
      .update(masterKey)
      .update(Buffer.alloc(40, 0))
      .update(magic2, 'ascii')
      .update(Buffer.alloc(40, 0xf2))
      .digest()
      .subarray(0, 16)
    const { receive } = mppeServerKeys(masterKey)
    assert.deepEqual(receive, expected)
    // The same value radclient 3.2.1 decrypted from our Access-Accept's MS-MPPE-Recv-Key.
    assert.equal(receive.toString('hex'), 'd5f0e9521e3ea9589645e86051c82226')
  })
})

test.group('crypto / DES and MS-CHAPv1 hashes', () => {
  test('7-byte keys expand to 8 bytes with the low (parity) bit clear', ({ assert }) => {
    assert.equal(expandDesKey(hex('ffffffffffffff')).toString('hex'), 'fefefefefefefefe')
    assert.equal(expandDesKey(hex('00000000000000')).toString('hex'), '0000000000000000')
    // 0x0123456789abcd in 7-bit groups: 0000000 1001000 1101000 1010110 0111100 0100110 …
    assert.equal(expandDesKey(hex('0123456789abcd')).toString('hex'), '0090d0ac784cae9a')
  })

  test('DES known answer (FIPS 81 / classic "Now is t" vector)', ({ assert }) => {
    // Key 0123456789ABCDEF encrypts "Now is t" to 3FA40E8A984D4815; its 56 key bits are
    // 0x0123456789ABCDEF with every low bit dropped.
    const key8 = hex('0123456789ABCDEF')
    let bits = 0n
    for (const byte of key8) bits = (bits << 7n) | BigInt(byte >> 1)
    const key7 = Buffer.from(bits.toString(16).padStart(14, '0'), 'hex')
    assert.equal(
      desEncrypt(Buffer.from('Now is t', 'ascii'), key7).toString('hex'),
      '3fa40e8a984d4815'
    )
  })

  test('LM and NT hashes of "password"', ({ assert }) => {
    assert.equal(lmPasswordHash('password')!.toString('hex'), 'e52cac67419a9a224a3b108f3fa6cb6d')
    assert.equal(ntPasswordHash('password').toString('hex'), '8846f7eaee8fb117ad06bdd830b7586c')
  })

  test('no LM hash for passwords over 14 characters or non-ASCII', ({ assert }) => {
    assert.isUndefined(lmPasswordHash('fifteen-chars!!'))
    assert.isUndefined(lmPasswordHash('pässword'))
  })

  test('ChallengeResponse is the RFC 2759 NT-Response for the challenge hash', ({ assert }) => {
    const response = challengeResponse(hex('D0 2E 43 86 BC E9 12 26'), ntPasswordHash(password))
    assert.deepEqual(response, ntResponse)
  })
})
