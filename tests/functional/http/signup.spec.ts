import { test } from '@japa/runner'
import Tenant from '#models/central/tenant'
import ProvisioningRun from '#models/central/provisioning_run'
import { hostOf, tenantFixture, uniqueSlug } from '#tests/helpers/tenants'

function signupForm(overrides: Record<string, string> = {}) {
  const slug = uniqueSlug('isp')
  return {
    businessName: 'Warung Net',
    subdomain: slug,
    email: `boss@${slug}.test`,
    password: 'rahasia-123',
    ...overrides,
  }
}

test.group('Sign-up', () => {
  test('refuses reserved, uppercase, too long, invalid and taken subdomains with a clear error', async ({
    client,
    assert,
  }) => {
    const taken = await tenantFixture()
    for (const subdomain of [
      'www',
      'admin',
      'api',
      'MyISP',
      'a'.repeat(33),
      'bad_name',
      '-dash',
      taken.slug,
      'ab',
    ]) {
      const response = await client
        .post('/signup')
        .header('host', 'localhost')
        .form(signupForm({ subdomain }))
        .withCsrfToken()
        .redirects(0)
      response.assertStatus(302)
      response.assertFlashMessage('errorsBag')
      const errors = response.flashMessages().inputErrorsBag ?? response.flashMessages().errors
      assert.property(errors, 'subdomain', `subdomain "${subdomain}" should be refused`)
    }
    assert.equal(
      await Tenant.query()
        .where('slug', 'www')
        .count('* as total')
        .then((rows) => Number(rows[0].$extras.total)),
      0
    )
  })

  test('refuses a custom domain under the platform domain and a malformed e-mail', async ({
    client,
    assert,
  }) => {
    const response = await client
      .post('/signup')
      .header('host', 'localhost')
      .form(signupForm({ customDomain: 'shop.localhost', email: 'not-an-email' }))
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    const errors = response.flashMessages().inputErrorsBag ?? response.flashMessages().errors
    assert.properties(errors, ['customDomain', 'email'])
  })

  test('creates the tenant and shows its progress up to the login link', async ({
    client,
    assert,
  }) => {
    const form = signupForm()
    const response = await client
      .post('/signup')
      .header('host', 'localhost')
      .form(form)
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    const location = response.header('location')!
    assert.match(location, /^\/signup\/progress\/[0-9a-f-]{36}$/)

    const status = await client.get(`${location}/status`).header('host', 'localhost')
    status.assertStatus(200)
    status.assertBodyContains({ status: 'done', progress: 100 })
    assert.include(status.body().loginUrl, `${form.subdomain}.localhost`)

    const page = await client.get(location).header('host', 'localhost')
    page.assertStatus(200)

    const tenant = await Tenant.findByOrFail('slug', form.subdomain)
    assert.equal(tenant.status, 'active')
    ;(await client.get('/login').header('host', hostOf(tenant))).assertStatus(200)
  })

  test('an unknown progress id is a 404', async ({ client }) => {
    ;(
      await client
        .get('/signup/progress/00000000-0000-0000-0000-000000000000/status')
        .header('host', 'localhost')
    ).assertStatus(404)
  })

  test('the sign-up form requires the CSRF token', async ({ client, assert }) => {
    const before = await ProvisioningRun.query().count('* as total')
    const form = signupForm()
    await client.post('/signup').header('host', 'localhost').form(form).redirects(0)
    assert.isNull(await Tenant.findBy('slug', form.subdomain))
    const after = await ProvisioningRun.query().count('* as total')
    assert.equal(after[0].$extras.total, before[0].$extras.total)
  })
})
