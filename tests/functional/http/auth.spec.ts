import { test } from '@japa/runner'
import { readdir, readFile, rm } from 'node:fs/promises'
import app from '@adonisjs/core/services/app'
import { TenantRole } from '#enums/tenant_role'
import { PlatformRole } from '#enums/platform_role'
import { hostOf, ownerOf, platformUser, tenantFixture, userIn } from '#tests/helpers/tenants'
import { csrfTokenIn, loginOver, SESSION_COOKIE, sessionCookieOf } from '#tests/helpers/http'

/** The reset link of the newest mail written by the log transport to `email`. */
async function resetLinkFor(email: string) {
  const directory = app.makePath('storage/mails')
  const files = (await readdir(directory)).sort().reverse()
  for (const file of files) {
    const mail = JSON.parse(await readFile(`${directory}/${file}`, 'utf8'))
    if (JSON.stringify(mail.to).includes(email)) return String(mail.html).match(/https?:\/\/[^"<\s]+\/reset-password\/[\w-]+/)![0]
  }
  throw new Error(`no mail to ${email}`)
}

test.group('Authentication', (group) => {
  group.setup(() => rm(app.makePath('storage/mails'), { recursive: true, force: true }))

  test('tenant staff log in on their host and reach the dashboard', async ({ client, assert }) => {
    const tenant = await tenantFixture()
    const owner = await ownerOf(tenant)
    const login = await loginOver(client, hostOf(tenant), owner.email)
    login.assertStatus(302)
    assert.equal(login.header('location'), '/')
    const dashboard = await client.get('/dashboard').header('host', hostOf(tenant)).cookie(SESSION_COOKIE, sessionCookieOf(login))
    dashboard.assertStatus(200)
    dashboard.assertTextIncludes(tenant.name)
  })

  test('a wrong password is refused, and the sixth try in a minute is throttled', async ({ client, assert }) => {
    const tenant = await tenantFixture()
    const owner = await ownerOf(tenant)
    for (let attempt = 1; attempt <= 5; attempt++) {
      const response = await loginOver(client, hostOf(tenant), owner.email, 'wrong-password')
      response.assertStatus(302)
      assert.notEqual(response.header('location'), '/')
    }
    const throttled = await loginOver(client, hostOf(tenant), owner.email)
    throttled.assertStatus(302)
    assert.notEqual(throttled.header('location'), '/', 'even the right password waits while throttled')
    assert.match(JSON.stringify(throttled.flashMessages()), /\d+/)
  })

  test('platform staff log in on the platform host only', async ({ client, assert }) => {
    const admin = await platformUser(PlatformRole.SuperAdmin)
    const tenant = await tenantFixture()
    const onTenant = await loginOver(client, hostOf(tenant), admin.email)
    assert.notEqual(onTenant.header('location'), '/')
    const onPlatform = await loginOver(client, 'localhost', admin.email)
    assert.equal(onPlatform.header('location'), '/')
    const console = await client.get('/platform/tenants').header('host', 'localhost').cookie(SESSION_COOKIE, sessionCookieOf(onPlatform))
    console.assertStatus(200)
  })

  test('password reset by e-mail: the link works once, then the new password logs in', async ({ client, assert }) => {
    const tenant = await tenantFixture()
    const cashier = await userIn(tenant, TenantRole.Cashier)
    const request = await client.post('/forgot-password').header('host', hostOf(tenant)).form({ email: cashier.email }).withCsrfToken().redirects(0)
    request.assertStatus(302)
    // Unknown addresses get the same answer (no account discovery).
    const unknown = await client.post('/forgot-password').header('host', hostOf(tenant)).form({ email: 'nobody@nowhere.test' }).withCsrfToken().redirects(0)
    assert.deepEqual(unknown.flashMessages().success, request.flashMessages().success)

    const link = await resetLinkFor(cashier.email)
    assert.include(link, hostOf(tenant))
    const token = link.split('/').pop()!
    ;(await client.get(`/reset-password/${token}`).header('host', hostOf(tenant))).assertStatus(200)

    const reset = await client.post('/reset-password').header('host', hostOf(tenant)).form({ token, password: 'brand-new-pass-1', password_confirmation: 'brand-new-pass-1' }).withCsrfToken().redirects(0)
    assert.equal(reset.header('location'), '/login')
    const again = await client.post('/reset-password').header('host', hostOf(tenant)).form({ token, password: 'another-pass-22', password_confirmation: 'another-pass-22' }).withCsrfToken().redirects(0)
    assert.equal(again.header('location'), '/forgot-password')

    assert.notEqual((await loginOver(client, hostOf(tenant), cashier.email)).header('location'), '/')
    assert.equal((await loginOver(client, hostOf(tenant), cashier.email, 'brand-new-pass-1')).header('location'), '/')

    // A token of this tenant means nothing on another tenant's host.
    const other = await tenantFixture()
    const foreign = await client.get(`/reset-password/${token}`).header('host', hostOf(other))
    foreign.assertStatus(200)
    foreign.assertTextIncludes('/forgot-password')
  })

  test('"log out everywhere" ends the other sessions too', async ({ client }) => {
    const tenant = await tenantFixture()
    const owner = await ownerOf(tenant)
    const first = sessionCookieOf(await loginOver(client, hostOf(tenant), owner.email))
    const second = sessionCookieOf(await loginOver(client, hostOf(tenant), owner.email))
    ;(await client.get('/dashboard').header('host', hostOf(tenant)).cookie(SESSION_COOKIE, first)).assertStatus(200)

    const page = await client.get('/dashboard').header('host', hostOf(tenant)).cookie(SESSION_COOKIE, second)
    const out = await client
      .post('/logout/everywhere')
      .header('host', hostOf(tenant))
      .cookie(SESSION_COOKIE, second)
      .form({ _csrf: csrfTokenIn(page.text()) })
      .redirects(0)
    out.assertStatus(302)
    const after = await client.get('/dashboard').header('host', hostOf(tenant)).cookie(SESSION_COOKIE, first).redirects(0)
    after.assertStatus(302)
    after.assertHeader('location', '/login')
  })
})
