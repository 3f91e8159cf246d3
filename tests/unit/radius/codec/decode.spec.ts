import { test } from '@japa/runner'
import { decodeRequest, RadiusCode } from '#radius/codec/index'
import { FIXTURE_SECRET as secret, fixtures, hex } from '../fixtures.js'
import { assertCodecError, resignRequest } from '../helpers.js'

test.group('codec / decodeRequest of radclient packets', () => {
  test('PAP: User-Password revealed, Message-Authenticator verified', ({ assert }) => {
    const packet = decodeRequest(fixtures.papWithMessageAuthenticator, secret)
    assert.equal(packet.code, RadiusCode.AccessRequest)
    assert.equal(packet.identifier, 0x27)
    assert.equal(packet.attributes['User-Name'], 'bob')
    assert.equal(packet.attributes['User-Password'], 'hello')
    assert.isTrue(packet.hasMessageAuthenticator)
    assert.deepEqual(packet.vendorAttributes, {})
  })

  test('CHAP with CHAP-Challenge and no Message-Authenticator', ({ assert }) => {
    const packet = decodeRequest(fixtures.chapWithChallenge, secret)
    assert.equal(
      (packet.attributes['CHAP-Challenge'] as Buffer).toString('hex'),
      '0102030405060708090a0b0c0d0e0f10'
    )
    assert.isFalse(packet.hasMessageAuthenticator)
  })

  test('MS-CHAPv2: Microsoft vendor attributes decoded by our dictionary', ({ assert }) => {
    const packet = decodeRequest(fixtures.mschapV2, secret)
    assert.equal(
      (packet.vendorAttributes['MS-CHAP-Challenge'] as Buffer).toString('hex'),
      '5b5d7c7d7b3f2f3e3c2c602132262628'
    )
    assert.lengthOf(packet.vendorAttributes['MS-CHAP2-Response'] as Buffer, 50)
    assert.isUndefined(packet.attributes['Vendor-Specific'])
  })

  test('Status-Server with Message-Authenticator', ({ assert }) => {
    const packet = decodeRequest(fixtures.statusServer, secret)
    assert.equal(packet.code, RadiusCode.StatusServer)
    assert.isTrue(packet.hasMessageAuthenticator)
  })

  test('Accounting Start: request authenticator and zero-vector Message-Authenticator', ({
    assert,
  }) => {
    const packet = decodeRequest(fixtures.accountingStart, secret)
    assert.equal(packet.code, RadiusCode.AccountingRequest)
    assert.equal(packet.attributes['Acct-Status-Type'], 'Start')
    assert.equal(packet.attributes['Acct-Session-Id'], '81000001')
    assert.equal(packet.attributes['Calling-Station-Id'], 'AA:BB:CC:DD:EE:FF')
    assert.equal(packet.attributes['Framed-IP-Address'], '10.5.0.9')
    assert.equal(packet.vendorAttributes['Mikrotik-Host-IP'], '10.5.0.9')
    assert.isTrue(packet.hasMessageAuthenticator)
  })

  test('Accounting Interim-Update counters', ({ assert }) => {
    const packet = decodeRequest(fixtures.accountingInterim, secret)
    assert.equal(packet.attributes['Acct-Status-Type'], 'Interim-Update')
    assert.equal(packet.attributes['Acct-Input-Octets'], 100)
    assert.equal(packet.attributes['Acct-Input-Gigawords'], 1)
  })

  test('CoA-Request and Disconnect-Request (RFC 5176)', ({ assert }) => {
    const coa = decodeRequest(fixtures.coaRequest, secret)
    assert.equal(coa.code, RadiusCode.CoaRequest)
    assert.equal(coa.vendorAttributes['Mikrotik-Rate-Limit'], '1M/2M')
    const disconnect = decodeRequest(fixtures.disconnectRequest, secret)
    assert.equal(disconnect.code, RadiusCode.DisconnectRequest)
    assert.equal(disconnect.attributes['Acct-Session-Id'], '81000001')
  })

  test('values are views into the datagram, not copies', ({ assert }) => {
    const datagram = fixtures.mschapV2
    const packet = decodeRequest(datagram, secret)
    assert.strictEqual(packet.bytes.buffer, datagram.buffer)
    assert.strictEqual(
      (packet.vendorAttributes['MS-CHAP2-Response'] as Buffer).buffer,
      datagram.buffer
    )
  })
})

test.group('codec / decodeRequest refuses', () => {
  test('wrong secret: Accounting-Request authenticator', ({ assert }) => {
    assertCodecError(
      assert,
      () => decodeRequest(fixtures.accountingWrongSecret, secret),
      'E_RADIUS_BAD_AUTHENTICATOR'
    )
    assertCodecError(
      assert,
      () => decodeRequest(fixtures.accountingStart, 'other'),
      'E_RADIUS_BAD_AUTHENTICATOR'
    )
  })

  test('wrong secret: Access-Request Message-Authenticator', ({ assert }) => {
    assertCodecError(
      assert,
      () => decodeRequest(fixtures.papWrongSecret, secret),
      'E_RADIUS_BAD_MESSAGE_AUTHENTICATOR'
    )
  })

  test('forged attribute in a signed Access-Request', ({ assert }) => {
    const forged = Buffer.from(fixtures.papWithMessageAuthenticator)
    forged[22] = 0x78 // User-Name "bob" → "xob"
    assertCodecError(
      assert,
      () => decodeRequest(forged, secret),
      'E_RADIUS_BAD_MESSAGE_AUTHENTICATOR'
    )
  })

  test('forged Request Authenticator on CoA and Disconnect', ({ assert }) => {
    for (const original of [fixtures.coaRequest, fixtures.disconnectRequest]) {
      const forged = Buffer.from(original)
      forged[10] ^= 0x01
      assertCodecError(assert, () => decodeRequest(forged, secret), 'E_RADIUS_BAD_AUTHENTICATOR')
    }
  })

  test('Status-Server without Message-Authenticator (RFC 5997 §3)', ({ assert }) => {
    const packet = hex('0c01001400000000000000000000000000000000')
    assertCodecError(
      assert,
      () => decodeRequest(packet, secret),
      'E_RADIUS_MISSING_MESSAGE_AUTHENTICATOR'
    )
  })

  test('Access-Request without Message-Authenticator when the NAS must send one', ({ assert }) => {
    assertCodecError(
      assert,
      () =>
        decodeRequest(fixtures.chapWithChallenge, secret, { requireMessageAuthenticator: true }),
      'E_RADIUS_MISSING_MESSAGE_AUTHENTICATOR'
    )
  })

  test('codes that are not requests', ({ assert }) => {
    for (const code of [0, 2, 3, 5, 11, 41, 44, 255]) {
      const packet = Buffer.from(fixtures.chapWithChallenge)
      packet[0] = code
      assertCodecError(assert, () => decodeRequest(packet, secret), 'E_RADIUS_UNSUPPORTED_CODE')
    }
  })

  test('truncated, oversized and wrong Length field', ({ assert }) => {
    const packet = fixtures.accountingInterim
    assertCodecError(
      assert,
      () => decodeRequest(packet.subarray(0, 10), secret),
      'E_RADIUS_MALFORMED'
    )
    assertCodecError(
      assert,
      () => decodeRequest(packet.subarray(0, packet.length - 1), secret),
      'E_RADIUS_MALFORMED'
    )
    const oversized = Buffer.alloc(5000)
    packet.copy(oversized)
    assertCodecError(assert, () => decodeRequest(oversized, secret), 'E_RADIUS_MALFORMED')
    const longLength = Buffer.from(packet)
    longLength.writeUInt16BE(packet.length + 1, 2)
    assertCodecError(assert, () => decodeRequest(longLength, secret), 'E_RADIUS_MALFORMED')
  })

  test('attribute length 0 or 1, attribute overrunning the packet, dangling byte', ({ assert }) => {
    // Access-Request, no Message-Authenticator: nothing is verified before the framing check.
    const header = '01010000' + '00'.repeat(16)
    for (const attributes of ['0100', '0101', '0105626f', '0105626f6201']) {
      const packet = hex(header + attributes)
      packet.writeUInt16BE(packet.length, 2)
      assertCodecError(assert, () => decodeRequest(packet, secret), 'E_RADIUS_MALFORMED')
    }
  })

  test('two Message-Authenticators, or one of the wrong length', ({ assert }) => {
    const header = '01010000' + '00'.repeat(16)
    for (const attributes of [
      '5012' + '00'.repeat(16) + '5012' + '00'.repeat(16),
      '5011' + '00'.repeat(15),
    ]) {
      const packet = hex(header + attributes)
      packet.writeUInt16BE(packet.length, 2)
      assertCodecError(assert, () => decodeRequest(packet, secret), 'E_RADIUS_MALFORMED')
    }
  })

  test('User-Password not a multiple of 16 bytes', ({ assert }) => {
    const packet = hex('01010000' + '00'.repeat(16) + '0207' + '0102030405')
    packet.writeUInt16BE(packet.length, 2)
    assertCodecError(assert, () => decodeRequest(packet, secret), 'E_RADIUS_MALFORMED')
  })

  test('undecodable values become typed errors (integer of 2 bytes, bad vendor id)', ({
    assert,
  }) => {
    // Accounting-Request with Acct-Status-Type (integer) of length 4, then a VSA with a vendor id
    // whose high byte is set (RFC 2865 §5.26); both re-signed so only the value is at fault.
    for (const attributes of ['28040001', '1a0aff003a8c08024142']) {
      const packet = hex('04010000' + '00'.repeat(16) + attributes)
      packet.writeUInt16BE(packet.length, 2)
      resignRequest(packet, secret)
      assertCodecError(assert, () => decodeRequest(packet, secret), 'E_RADIUS_MALFORMED')
    }
  })
})
