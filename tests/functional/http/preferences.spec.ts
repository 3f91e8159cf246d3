import { test } from '@japa/runner'
import tenancy from '#tenancy/main'
import User from '#models/tenant/user'
import { hostOf, ownerOf, tenantFixture } from '#tests/helpers/tenants'
import { loginOver } from '#tests/helpers/http'

test.group('Preferences, theme and remember me', () => {
  test('language switch: Indonesian by default, English on request, remembered on the account', async ({
    assert,
  }) => {
    const tenant = await tenantFixture()
    const owner = await ownerOf(tenant)
    const { session } = await loginOver(hostOf(tenant), owner.email)
    assert.include((await session.get('/dashboard')).text, 'Dasbor')

    await session.submit('/dashboard', '/locale', { locale: 'en' })
    const english = await session.get('/dashboard')
    assert.include(english.text, 'Dashboard')
    assert.notInclude(english.text, 'Dasbor')
    await tenancy.run(tenant, async () =>
      assert.equal((await User.findOrFail(owner.id)).locale, 'en')
    )

    // A new login picks the saved language up.
    const again = (await loginOver(hostOf(tenant), owner.email)).session
    assert.include((await again.get('/dashboard')).text, 'Dashboard')
    assert.equal((await session.submit('/dashboard', '/locale', { locale: 'fr' })).status, 302)
    await tenancy.run(tenant, async () =>
      assert.equal((await User.findOrFail(owner.id)).locale, 'en')
    )
  })

  test('dark mode is remembered on the account and rendered before paint', async ({ assert }) => {
    const tenant = await tenantFixture()
    const owner = await ownerOf(tenant)
    const { session } = await loginOver(hostOf(tenant), owner.email)
    const page = await session.get('/dashboard')
    const token = page.text.match(/name="csrf-token" content="([^"]+)"/)![1]
    const saved = await session.post('/preferences/color-scheme', {
      colorScheme: 'dark',
      _csrf: token,
    })
    assert.equal(saved.status, 200)
    await tenancy.run(tenant, async () =>
      assert.equal((await User.findOrFail(owner.id)).colorScheme, 'dark')
    )
    assert.match((await session.get('/dashboard')).text, /data-color-scheme="dark"/)
  })

  test("a tenant's brand colour reaches its pages without a rebuild; invalid values are refused", async ({
    assert,
  }) => {
    const tenant = await tenantFixture()
    const other = await tenantFixture()
    const owner = await ownerOf(tenant)
    const { session } = await loginOver(hostOf(tenant), owner.email)
    const form = {
      name: tenant.name,
      timezone: 'Asia/Makassar',
      locale: 'id',
      primary: '#7c3aed',
      radius: '1rem',
    }
    assert.equal(
      (await session.submit('/settings', '/settings', form, 'PUT')).location,
      '/settings'
    )
    const page = (await session.get('/dashboard')).text
    assert.include(page, '--rb-primary-500: #7c3aed')
    assert.include(page, '--rb-radius: 1rem')
    // Another tenant keeps the default look.
    assert.notInclude(
      (
        await (
          await loginOver(hostOf(other), (await ownerOf(other)).email)
        ).session.get('/dashboard')
      ).text,
      '#7c3aed'
    )

    const bad = await session.submit(
      '/settings',
      '/settings',
      { ...form, primary: 'red;}body{display:none', timezone: 'Mars/Base' },
      'PUT'
    )
    assert.equal(bad.status, 302)
    assert.notInclude((await session.get('/dashboard')).text, 'display:none')
  })

  test('remember me keeps a person logged in after the session ends, until logout everywhere', async ({
    assert,
  }) => {
    const tenant = await tenantFixture()
    const owner = await ownerOf(tenant)
    const { session } = await loginOver(hostOf(tenant), owner.email, undefined, {
      remember: 'true',
    })
    assert.isTrue(session.cookies.has('remember_web'))

    session.cookies.delete('rb-session')
    assert.equal((await session.get('/dashboard')).status, 200)

    await session.submit('/dashboard', '/logout/everywhere', {})
    const stale = session.on(hostOf(tenant))
    stale.cookies.delete('rb-session')
    assert.equal((await stale.get('/dashboard')).status, 302)
  })
})
