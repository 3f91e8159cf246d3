import { test } from '@japa/runner'
import { readdir, readFile, rm } from 'node:fs/promises'
import app from '@adonisjs/core/services/app'
import { TenantRole } from '#enums/tenant_role'
import { PlatformRole } from '#enums/platform_role'
import { hostOf, ownerOf, platformUser, tenantFixture, userIn } from '#tests/helpers/tenants'
import { HttpSession, loginOver } from '#tests/helpers/http'

/** The reset link of the newest mail written by the log transport to `email`. */
async function resetLinkFor(email: string) {
  const directory = app.makePath('storage/mails')
  const files = (await readdir(directory)).sort().reverse()
  for (const file of files) {
    const mail = JSON.parse(await readFile(`${directory}/${file}`, 'utf8'))
    if (JSON.stringify(mail.to).includes(email))
      return String(mail.html).match(/https?:\/\/[^"<\s]+\/reset-password\/[\w-]+/)![0]
  }
  throw new Error(`no mail to ${email}`)
}

test.group('Authentication', (group) => {
  group.setup(() => rm(app.makePath('storage/mails'), { recursive: true, force: true }))

  test('tenant staff log in on their host and reach the dashboard', async ({ assert }) => {
    const tenant = await tenantFixture()
    const owner = await ownerOf(tenant)
    const { session, response } = await loginOver(hostOf(tenant), owner.email)
    assert.equal(response.status, 302)
    assert.equal(response.location, '/')
    const dashboard = await session.get('/dashboard')
    assert.equal(dashboard.status, 200)
    assert.include(dashboard.text, tenant.name)
  })

  test('a wrong password is refused, and the sixth try in a minute is throttled', async ({
    assert,
  }) => {
    const tenant = await tenantFixture()
    const owner = await ownerOf(tenant)
    for (let attempt = 1; attempt <= 5; attempt++) {
      const { response } = await loginOver(hostOf(tenant), owner.email, 'wrong-password')
      assert.equal(response.status, 302)
      assert.notEqual(response.location, '/')
    }
    const { session, response } = await loginOver(hostOf(tenant), owner.email)
    assert.notEqual(response.location, '/', 'even the right password waits while throttled')
    assert.match((await session.get('/login')).text, /\d+/)
    assert.equal((await session.get('/dashboard')).status, 302)
  })

  test('platform staff log in on the platform host only', async ({ assert }) => {
    const admin = await platformUser(PlatformRole.SuperAdmin)
    const tenant = await tenantFixture()
    const onTenant = await loginOver(hostOf(tenant), admin.email)
    assert.notEqual(onTenant.response.location, '/')
    const onPlatform = await loginOver('localhost', admin.email)
    assert.equal(onPlatform.response.location, '/')
    assert.equal((await onPlatform.session.get('/platform/tenants')).status, 200)
  })

  test('password reset by e-mail: the link works once, then the new password logs in', async ({
    client,
    assert,
  }) => {
    const tenant = await tenantFixture()
    const cashier = await userIn(tenant, TenantRole.Cashier)
    const request = await client
      .post('/forgot-password')
      .header('host', hostOf(tenant))
      .form({ email: cashier.email })
      .withCsrfToken()
      .redirects(0)
    request.assertStatus(302)
    // Unknown addresses get the same answer (no account discovery).
    const unknown = await client
      .post('/forgot-password')
      .header('host', hostOf(tenant))
      .form({ email: 'nobody@nowhere.test' })
      .withCsrfToken()
      .redirects(0)
    assert.deepEqual(unknown.flashMessages().success, request.flashMessages().success)

    const link = await resetLinkFor(cashier.email)
    assert.include(link, hostOf(tenant))
    const token = link.split('/').pop()!
    ;(await client.get(`/reset-password/${token}`).header('host', hostOf(tenant))).assertStatus(200)

    const reset = await client
      .post('/reset-password')
      .header('host', hostOf(tenant))
      .form({ token, password: 'brand-new-pass-1', password_confirmation: 'brand-new-pass-1' })
      .withCsrfToken()
      .redirects(0)
    assert.equal(reset.header('location'), '/login')
    const again = await client
      .post('/reset-password')
      .header('host', hostOf(tenant))
      .form({ token, password: 'another-pass-22', password_confirmation: 'another-pass-22' })
      .withCsrfToken()
      .redirects(0)
    assert.equal(again.header('location'), '/forgot-password')

    assert.notEqual((await loginOver(hostOf(tenant), cashier.email)).response.location, '/')
    assert.equal(
      (await loginOver(hostOf(tenant), cashier.email, 'brand-new-pass-1')).response.location,
      '/'
    )

    // A token of this tenant means nothing on another tenant's host.
    const other = await tenantFixture()
    const foreign = await client.get(`/reset-password/${token}`).header('host', hostOf(other))
    foreign.assertStatus(200)
    foreign.assertTextIncludes('/forgot-password')
  })

  test('"log out everywhere" ends the other sessions too', async ({ assert }) => {
    const tenant = await tenantFixture()
    const owner = await ownerOf(tenant)
    const first = (await loginOver(hostOf(tenant), owner.email)).session
    const second = (await loginOver(hostOf(tenant), owner.email)).session
    assert.equal((await first.get('/dashboard')).status, 200)
    const out = await second.submit('/dashboard', '/logout/everywhere', {})
    assert.equal(out.status, 302)
    const after = await first.get('/dashboard')
    assert.equal(after.status, 302)
    assert.equal(after.location, '/login')
    assert.equal((await new HttpSession(hostOf(tenant)).get('/dashboard')).status, 302)
  })
})
