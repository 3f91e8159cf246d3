import { test } from '@japa/runner'
import { createHash } from 'node:crypto'
import tenancy from '#tenancy/main'
import type Tenant from '#models/central/tenant'
import { decodeRequest, RadiusCode } from '#radius/codec/index'
import { RadiusAuthorizer } from '#radius/auth/radius_authorizer'
import type { RadiusRequest } from '#radius/types'
import { RadiusUserService } from '#services/radius_user_service'
import { tenantFixture } from '#tests/helpers/tenants'
import { fixtures } from '#tests/unit/radius/fixtures'
import { nasOf, requestOf, rowsOf, SECRET, vendorValue } from './helpers.js'
import { postAuthSettled } from '#radius/users/radius_user_repository'

/*
 * Every method through the authorizer, from packets built by FreeRADIUS's radclient (the codec
 * fixtures, secret testing123) and by our encoder.
 */
test.group('RADIUS authentication methods through the authorizer', (group) => {
  let tenant: Tenant
  const authorizer = new RadiusAuthorizer()
  group.setup(async () => {
    tenant = await tenantFixture()
    await tenancy.run(tenant, async () => {
      const users = new RadiusUserService()
      await users.create({ username: 'bob', password: 'hello', groups: [] })
      // RFC 2759 §9.2: User-Name "User", password "clientPass".
      await users.create({ username: 'User', password: 'clientPass', rateLimit: '2M/2M' })
    })
  })

  const fromFixture = (bytes: Buffer): RadiusRequest => ({
    packet: decodeRequest(bytes, SECRET),
    nas: nasOf(tenant),
    tenant,
    source: { address: '10.5.0.1', port: 40000 },
    receivedAt: new Date(),
  })
  const authorize = (request: RadiusRequest) =>
    tenancy.run(tenant, () => authorizer.authorize(request))

  test('PAP (radclient, with Message-Authenticator)', async ({ assert }) => {
    const result = await authorize(fromFixture(fixtures.papWithMessageAuthenticator))
    assert.isTrue(result.accept, result.reason)
  })

  test('CHAP with CHAP-Challenge (radclient) and with the Request Authenticator (ours)', async ({
    assert,
  }) => {
    assert.isTrue((await authorize(fromFixture(fixtures.chapWithChallenge))).accept)
    assert.isTrue((await authorize(fromFixture(fixtures.chapWithMessageAuthenticator))).accept)

    // MikroTik http-chap: CHAP-Password = ident + MD5(ident + password + challenge).
    const challenge = Buffer.from('00112233445566778899aabbccddeeff', 'hex')
    const chap = (password: string) =>
      Buffer.concat([
        Buffer.of(9),
        createHash('md5').update(Buffer.of(9)).update(password).update(challenge).digest(),
      ])
    const request = (password: string) =>
      requestOf(tenant, RadiusCode.AccessRequest, [
        ['User-Name', 'bob'],
        ['CHAP-Password', chap(password)],
        ['CHAP-Challenge', challenge],
        ['Service-Type', 'Login-User'],
      ])
    assert.isTrue((await authorize(request('hello'))).accept)
    const wrong = await authorize(request('hellO'))
    assert.isFalse(wrong.accept)
    assert.equal(wrong.reason, 'Wrong password (chap)')
  })

  test('MS-CHAPv1 (radclient): MPPE keys in the accept', async ({ assert }) => {
    const result = await authorize(fromFixture(fixtures.mschapV1))
    assert.isTrue(result.accept, result.reason)
    assert.instanceOf(vendorValue(result.attributes, 'MS-CHAP-MPPE-Keys'), Buffer)
  })

  test('MS-CHAPv2 (RFC 2759 §9.2): MS-CHAP2-Success and MPPE keys join the user reply', async ({
    assert,
  }) => {
    const result = await authorize(fromFixture(fixtures.mschapV2))
    assert.isTrue(result.accept, result.reason)
    const success = vendorValue(result.attributes, 'MS-CHAP2-Success') as Buffer
    assert.equal(success.toString('latin1'), '\x01S=407A5589115FD0D6209F510FE9C04566932CDA56')
    assert.instanceOf(vendorValue(result.attributes, 'MS-MPPE-Send-Key'), Buffer)
    assert.instanceOf(vendorValue(result.attributes, 'MS-MPPE-Recv-Key'), Buffer)
    assert.equal(vendorValue(result.attributes, 'Mikrotik-Rate-Limit'), '2M/2M')
  })

  test('MS-CHAPv2 wrong password: MS-CHAP-Error 691 in the reject, reason logged without password', async ({
    assert,
  }) => {
    await tenancy.run(tenant, () =>
      new RadiusUserService().update('User', { password: 'otherPass' })
    )
    const result = await authorize(fromFixture(fixtures.mschapV2))
    assert.isFalse(result.accept)
    assert.equal(result.reason, 'Wrong password (mschap-v2)')
    const error = vendorValue(result.attributes, 'MS-CHAP-Error') as Buffer
    assert.match(error.subarray(1).toString('latin1'), /^E=691 R=0/)
    await postAuthSettled()
    const log = await rowsOf(tenant, 'radpostauth', { username: 'User' })
    assert.equal(log.at(-1).reason, 'Wrong password (mschap-v2)')
    assert.isFalse(log.some((row) => row.pass !== ''))
  })

  test('a request without credentials we know is refused', async ({ assert }) => {
    const result = await authorize(
      requestOf(tenant, RadiusCode.AccessRequest, [['User-Name', 'bob']])
    )
    assert.isFalse(result.accept)
    assert.equal(result.reason, 'No credentials we support (PAP, CHAP, MS-CHAP); EAP is not')
  })
})
