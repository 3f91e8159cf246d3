import { test } from '@japa/runner'
import {
  decodeRequest,
  decodeResponse,
  encodeRequest,
  encodeResponse,
  RadiusCode,
  type OutgoingAttribute,
} from '#radius/codec/index'
import { FIXTURE_SECRET as secret, fixtures } from '../fixtures.js'
import { assertCodecError, handAuthenticator, handMessageAuthenticator } from '../helpers.js'

const zeros = Buffer.alloc(16)

test.group('codec / encodeResponse', () => {
  test('Access-Accept: Message-Authenticator first, over the request authenticator', ({
    assert,
  }) => {
    const request = decodeRequest(fixtures.papWithMessageAuthenticator, secret)
    const reply = encodeResponse(request, {
      code: RadiusCode.AccessAccept,
      secret,
      attributes: [
        ['Session-Timeout', 3600],
        ['Vendor-Specific', 'Mikrotik', [['Mikrotik-Rate-Limit', '2M/10M']]],
      ],
    })
    assert.equal(reply[0], RadiusCode.AccessAccept)
    assert.equal(reply[1], request.identifier)
    assert.equal(reply.readUInt16BE(2), reply.length)
    assert.deepEqual([reply[20], reply[21]], [80, 18])
    assert.deepEqual(
      reply.subarray(22, 38),
      handMessageAuthenticator(reply, request.authenticator, secret)
    )
    // RFC 2865 §3: MD5(Code + Id + Length + Request Authenticator + Attributes + Secret).
    assert.deepEqual(reply.subarray(4, 20), handAuthenticator(reply, request.authenticator, secret))
    // Mikrotik-Rate-Limit as vendor 14988, type 8.
    assert.include(reply.toString('hex'), '1a0e00003a8c0808324d2f31304d')
  })

  test('Access-Reject is signed even when the request was not', ({ assert }) => {
    const request = decodeRequest(fixtures.chapWithChallenge, secret)
    const reply = encodeResponse(request, { code: RadiusCode.AccessReject, secret })
    assert.equal(reply.length, 38)
    assert.deepEqual(
      reply.subarray(22, 38),
      handMessageAuthenticator(reply, request.authenticator, secret)
    )
  })

  test('Accounting-Response: no Message-Authenticator by default; zero vector when asked', ({
    assert,
  }) => {
    const request = decodeRequest(fixtures.accountingStart, secret)
    const plain = encodeResponse(request, { code: RadiusCode.AccountingResponse, secret })
    assert.equal(plain.length, 20)
    assert.deepEqual(plain.subarray(4, 20), handAuthenticator(plain, request.authenticator, secret))

    const signed = encodeResponse(request, {
      code: RadiusCode.AccountingResponse,
      secret,
      messageAuthenticator: true,
    })
    assert.deepEqual(signed.subarray(22, 38), handMessageAuthenticator(signed, zeros, secret))
    assert.deepEqual(
      signed.subarray(4, 20),
      handAuthenticator(signed, request.authenticator, secret)
    )
  })

  test('Status-Server reply is an Access-Accept signed over the request authenticator', ({
    assert,
  }) => {
    const request = decodeRequest(fixtures.statusServer, secret)
    const reply = encodeResponse(request, { code: RadiusCode.AccessAccept, secret })
    assert.deepEqual(
      reply.subarray(22, 38),
      handMessageAuthenticator(reply, request.authenticator, secret)
    )
  })

  test('CoA-ACK to a signed CoA-Request is signed over the request authenticator (RFC 5176 §3.4)', ({
    assert,
  }) => {
    const request = decodeRequest(fixtures.coaRequest, secret)
    const reply = encodeResponse(request, { code: RadiusCode.CoaAck, secret })
    assert.deepEqual(
      reply.subarray(22, 38),
      handMessageAuthenticator(reply, request.authenticator, secret)
    )
    const unsigned = encodeResponse(decodeRequest(fixtures.accountingInterim, secret), {
      code: RadiusCode.AccountingResponse,
      secret,
    })
    assert.equal(unsigned.length, 20)
  })

  test('Proxy-State is copied into the reply, in order (RFC 2865 §5.33)', ({ assert }) => {
    const wire = encodeRequest({
      code: RadiusCode.AccountingRequest,
      identifier: 3,
      secret,
      attributes: [
        ['Proxy-State', Buffer.from('one')],
        ['User-Name', 'bob'],
        ['Proxy-State', Buffer.from('two')],
      ],
    })
    const reply = encodeResponse(decodeRequest(wire, secret), {
      code: RadiusCode.AccountingResponse,
      secret,
    })
    assert.equal(reply.subarray(20).toString('hex'), '21056f6e65' + '210574776f')
  })

  test('refuses a code that does not answer the request', ({ assert }) => {
    const request = decodeRequest(fixtures.accountingInterim, secret)
    assertCodecError(
      assert,
      () => encodeResponse(request, { code: RadiusCode.AccessAccept, secret }),
      'E_RADIUS_ENCODE'
    )
  })

  test('refuses unknown attributes, bad values and packets over 4096 bytes', ({ assert }) => {
    const request = decodeRequest(fixtures.papWithMessageAuthenticator, secret)
    const bad: OutgoingAttribute[][] = [
      [['No-Such-Attribute', 'x']],
      [['Session-Timeout', 2 ** 32]],
      [['Reply-Message', 'x'.repeat(254)]],
      Array.from({ length: 20 }, (): OutgoingAttribute => ['Reply-Message', 'x'.repeat(250)]),
    ]
    for (const attributes of bad) {
      assertCodecError(
        assert,
        () => encodeResponse(request, { code: RadiusCode.AccessAccept, secret, attributes }),
        'E_RADIUS_ENCODE'
      )
    }
  })
})

test.group('codec / encodeRequest', () => {
  test('Access-Request: User-Password hidden, signed over its own authenticator', ({ assert }) => {
    const wire = encodeRequest({
      code: RadiusCode.AccessRequest,
      identifier: 200,
      secret,
      attributes: [
        ['User-Name', 'bob'],
        ['User-Password', 'hello'],
      ],
    })
    assert.deepEqual([wire[20], wire[21]], [80, 18])
    assert.deepEqual(
      wire.subarray(22, 38),
      handMessageAuthenticator(wire, wire.subarray(4, 20), secret)
    )
    assert.notInclude(wire.toString('latin1'), 'hello')
    assert.equal(decodeRequest(wire, secret).attributes['User-Password'], 'hello')
  })

  test('Accounting-Request: Message-Authenticator over zeros, then the request authenticator', ({
    assert,
  }) => {
    const wire = encodeRequest({
      code: RadiusCode.AccountingRequest,
      identifier: 1,
      secret,
      messageAuthenticator: true,
      attributes: [
        ['Acct-Status-Type', 'Stop'],
        ['Acct-Session-Id', 'x1'],
      ],
    })
    assert.deepEqual(wire.subarray(22, 38), handMessageAuthenticator(wire, zeros, secret))
    assert.deepEqual(wire.subarray(4, 20), handAuthenticator(wire, zeros, secret))
  })

  test('CoA and Disconnect requests round-trip through decodeRequest', ({ assert }) => {
    for (const code of [RadiusCode.CoaRequest, RadiusCode.DisconnectRequest]) {
      const wire = encodeRequest({
        code,
        identifier: 9,
        secret,
        messageAuthenticator: true,
        attributes: [
          ['User-Name', 'bob'],
          ['Acct-Session-Id', '81000001'],
          ['Framed-IP-Address', '10.5.0.9'],
        ],
      })
      const decoded = decodeRequest(wire, secret)
      assert.equal(decoded.code, code)
      assert.equal(decoded.attributes['Framed-IP-Address'], '10.5.0.9')
    }
  })

  test('refuses a bad Identifier, User-Password outside Access-Request, or too long', ({
    assert,
  }) => {
    const base = { code: RadiusCode.AccessRequest, secret } as const
    assertCodecError(assert, () => encodeRequest({ ...base, identifier: 256 }), 'E_RADIUS_ENCODE')
    assertCodecError(
      assert,
      () =>
        encodeRequest({ ...base, identifier: 1, attributes: [['User-Password', 'x'.repeat(129)]] }),
      'E_RADIUS_ENCODE'
    )
    assertCodecError(
      assert,
      () =>
        encodeRequest({
          code: RadiusCode.AccountingRequest,
          identifier: 1,
          secret,
          attributes: [['User-Password', 'x']],
        }),
      'E_RADIUS_ENCODE'
    )
  })
})

test.group('codec / decodeResponse', () => {
  function coaExchange() {
    const request = encodeRequest({
      code: RadiusCode.CoaRequest,
      identifier: 42,
      secret,
      messageAuthenticator: true,
      attributes: [['User-Name', 'bob']],
    })
    const reply = encodeResponse(decodeRequest(request, secret), {
      code: RadiusCode.CoaNak,
      secret,
      attributes: [['Error-Cause', 503]],
    })
    return { request, reply }
  }

  test('verifies a CoA-NAK and decodes Error-Cause', ({ assert }) => {
    const { request, reply } = coaExchange()
    const decoded = decodeResponse(reply, request, secret, { requireMessageAuthenticator: true })
    assert.equal(decoded.code, RadiusCode.CoaNak)
    assert.isTrue(decoded.hasMessageAuthenticator)
    assert.equal(decoded.attributes['Error-Cause'], 'Session-Context-Not-Found')
  })

  test('accepts a CoA-ACK signed over a zero vector (FreeRADIUS before 3.2)', ({ assert }) => {
    const { request } = coaExchange()
    const reply = encodeResponse(decodeRequest(request, secret), {
      code: RadiusCode.CoaAck,
      secret,
    })
    handMessageAuthenticator(reply, zeros, secret).copy(reply, 22)
    handAuthenticator(reply, request.subarray(4, 20), secret).copy(reply, 4)
    assert.equal(decodeResponse(reply, request, secret).code, RadiusCode.CoaAck)
  })

  test('refuses a forged reply, a wrong secret, another Identifier or code', ({ assert }) => {
    const { request, reply } = coaExchange()
    const forged = Buffer.from(reply)
    forged[forged.length - 1] ^= 1
    assertCodecError(
      assert,
      () => decodeResponse(forged, request, secret),
      'E_RADIUS_BAD_AUTHENTICATOR'
    )
    assertCodecError(
      assert,
      () => decodeResponse(reply, request, 'other'),
      'E_RADIUS_BAD_AUTHENTICATOR'
    )
    const otherId = Buffer.from(reply)
    otherId[1] = 43
    assertCodecError(
      assert,
      () => decodeResponse(otherId, request, secret),
      'E_RADIUS_RESPONSE_MISMATCH'
    )
    const otherCode = Buffer.from(reply)
    otherCode[0] = RadiusCode.AccessAccept
    assertCodecError(
      assert,
      () => decodeResponse(otherCode, request, secret),
      'E_RADIUS_RESPONSE_MISMATCH'
    )
  })

  test('refuses a bad Message-Authenticator behind a valid Response Authenticator', ({
    assert,
  }) => {
    const { request, reply } = coaExchange()
    reply[30] ^= 1
    handAuthenticator(reply, request.subarray(4, 20), secret).copy(reply, 4)
    assertCodecError(
      assert,
      () => decodeResponse(reply, request, secret),
      'E_RADIUS_BAD_MESSAGE_AUTHENTICATOR'
    )
  })

  test('refuses a reply without Message-Authenticator when required', ({ assert }) => {
    const request = encodeRequest({ code: RadiusCode.DisconnectRequest, identifier: 7, secret })
    const reply = encodeResponse(decodeRequest(request, secret), {
      code: RadiusCode.DisconnectAck,
      secret,
    })
    assert.equal(decodeResponse(reply, request, secret).code, RadiusCode.DisconnectAck)
    assertCodecError(
      assert,
      () => decodeResponse(reply, request, secret, { requireMessageAuthenticator: true }),
      'E_RADIUS_MISSING_MESSAGE_AUTHENTICATOR'
    )
  })
})
