import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import plugins from '#plugins/main'
import tenancy from '#tenancy/main'
import { definePlugin } from '#plugins/define_plugin'
import type { PaymentGateway } from '#plugins/contracts/payment_gateway'
import { PluginSettingsService } from '#services/plugin_settings_service'
import { TenantRole } from '#enums/tenant_role'
import type Tenant from '#models/central/tenant'
import { hostOf, ownerOf, tenantFixture, userIn } from '#tests/helpers/tenants'
import { loginOver, type HttpSession } from '#tests/helpers/http'

/** A scoped gateway with a secret, registered in the app's registry for these tests. */
const secretGateway = definePlugin({
  manifest: {
    name: '@acme/secret-pay',
    kind: 'payment',
    version: '1.0.0',
    displayName: 'Acme Pay',
    description: 'Test gateway with a secret',
    settings: [
      {
        name: 'merchantCode',
        type: 'string',
        label: { id: 'Kode merchant', en: 'Merchant code' },
        required: true,
      },
      {
        name: 'privateKey',
        type: 'secret',
        label: { id: 'Kunci privat', en: 'Private key' },
        required: true,
      },
      {
        name: 'expiryMinutes',
        type: 'number',
        label: { id: 'Kedaluwarsa (menit)', en: 'Expiry (minutes)' },
        default: 60,
      },
      {
        name: 'sandbox',
        type: 'boolean',
        label: { id: 'Mode uji coba', en: 'Sandbox' },
        default: true,
      },
    ],
  },
  create: (settings): PaymentGateway => ({
    listChannels: async () => [
      { code: settings.merchantCode, name: 'QRIS', group: 'qris', fee: { flat: 0, percent: 0 } },
    ],
    createTransaction: async () => {
      throw new Error('not used')
    },
    parseNotification: async () => {
      throw new Error('not used')
    },
    queryStatus: async () => {
      throw new Error('not used')
    },
  }),
})
const SECRET_PATH = '/settings/plugins/%40acme%2Fsecret-pay'

function stored(tenant: Tenant, name: string) {
  return tenancy.run(tenant, () => PluginSettingsService.read(name))
}

test.group('Plugin settings page', (group) => {
  let tenant: Tenant
  let owner: HttpSession
  group.setup(async () => {
    if (!plugins.has('@acme/secret-pay'))
      await plugins.register(secretGateway, 'the plugin settings test')
    tenant = await tenantFixture()
    owner = (await loginOver(hostOf(tenant), (await ownerOf(tenant)).email)).session
  })

  test('lists the device drivers and payment gateways with their state', async ({ assert }) => {
    const page = await owner.get('/settings/plugins')
    assert.equal(page.status, 200)
    assert.match(page.text, /id="plugins-device"[\s\S]*data-plugin="radius"/)
    assert.match(
      page.text,
      /id="plugins-payment"[\s\S]*data-plugin="manual"[\s\S]*data-plugin="@acme\/secret-pay"/
    )
    assert.include(page.text, `action="${SECRET_PATH}/state?_method=PUT"`)
  })

  test('the Owner configures the manual gateway; settings are stored encrypted and used at once', async ({
    assert,
  }) => {
    const before = await tenancy.run(tenant, () => plugins.payment('manual'))
    assert.deepEqual(
      (await before.instance.listChannels()).map((channel) => channel.code),
      ['cash']
    )

    const saved = await owner.submit(
      '/settings/plugins/manual/edit',
      '/settings/plugins/manual',
      {
        enabled: '1',
        bankName: 'BRI',
        accountNumber: '0123456789012345',
        accountHolder: 'CV Wifi Desa',
        counterNote: '',
        expiryHours: '48',
      },
      'PUT'
    )
    assert.equal(saved.status, 302)
    assert.equal(saved.location, '/settings/plugins')

    const row = await tenancy.run(tenant, async () =>
      db
        .connection(await tenancy.connect(tenant))
        .from('plugin_settings')
        .where('plugin_name', 'manual')
        .first()
    )
    assert.notInclude(row.settings, '0123456789012345')
    assert.deepEqual((await stored(tenant, 'manual'))!.settings, {
      bankName: 'BRI',
      accountNumber: '0123456789012345',
      accountHolder: 'CV Wifi Desa',
      expiryHours: 48,
    })
    const after = await tenancy.run(tenant, () => plugins.payment('manual'))
    assert.notStrictEqual(after.instance, before.instance)
    assert.deepEqual(
      (await after.instance.listChannels()).map((channel) => channel.code),
      ['cash', 'bank_transfer']
    )
    assert.include(
      (await owner.get('/settings/plugins/manual/edit')).text,
      'value="0123456789012345"'
    )
  })

  test('a secret is never sent back, is kept when left empty and replaced when typed', async ({
    assert,
  }) => {
    const form = {
      enabled: '1',
      merchantCode: 'T0001',
      privateKey: 'priv-KEY-one',
      expiryMinutes: '30',
    }
    assert.equal((await owner.submit(`${SECRET_PATH}/edit`, SECRET_PATH, form, 'PUT')).status, 302)

    const page = await owner.get(`${SECRET_PATH}/edit`)
    assert.equal(page.status, 200)
    assert.notInclude(page.text, 'priv-KEY-one')
    assert.include(page.text, '•••• tersimpan')

    await owner.submit(
      `${SECRET_PATH}/edit`,
      SECRET_PATH,
      { ...form, privateKey: '', expiryMinutes: '45' },
      'PUT'
    )
    assert.deepEqual((await stored(tenant, '@acme/secret-pay'))!.settings, {
      merchantCode: 'T0001',
      privateKey: 'priv-KEY-one',
      expiryMinutes: 45,
      sandbox: false,
    })
    await owner.submit(
      `${SECRET_PATH}/edit`,
      SECRET_PATH,
      { ...form, privateKey: 'priv-KEY-two' },
      'PUT'
    )
    assert.equal((await stored(tenant, '@acme/secret-pay'))!.settings.privateKey, 'priv-KEY-two')
  })

  test('invalid settings are refused with messages naming the field by its label', async ({
    assert,
  }) => {
    const other = await tenantFixture()
    const { session } = await loginOver(hostOf(other), (await ownerOf(other)).email)
    const refused = await session.submit(
      `${SECRET_PATH}/edit`,
      SECRET_PATH,
      { enabled: '1', merchantCode: '', expiryMinutes: 'soon' },
      'PUT'
    )
    // Sent back (to the Referer) with the errors flashed, nothing stored.
    assert.equal(refused.status, 302)
    assert.isNull(await stored(other, '@acme/secret-pay'))
    const page = await session.get(`${SECRET_PATH}/edit`)
    assert.include(page.text, 'Kode merchant')
    assert.match(page.text, /aria-invalid="true"[\s\S]*Kunci privat/)
  })

  test('enabling from the list needs complete settings; disabling always works', async ({
    assert,
  }) => {
    const other = await tenantFixture()
    const { session } = await loginOver(hostOf(other), (await ownerOf(other)).email)
    const enable = await session.submit(
      '/settings/plugins',
      `${SECRET_PATH}/state`,
      { enabled: '1' },
      'PUT'
    )
    assert.equal(enable.location, `${SECRET_PATH}/edit`)
    assert.isNull(await stored(other, '@acme/secret-pay'))

    const disable = await session.submit(
      '/settings/plugins',
      '/settings/plugins/radius/state',
      { enabled: '0' },
      'PUT'
    )
    assert.equal(disable.location, '/settings/plugins')
    assert.isFalse((await tenancy.run(other, () => plugins.device('radius'))).enabled)
  })

  test('only holders of settings.manage may open it; an unknown plugin is a 404', async ({
    assert,
  }) => {
    assert.equal((await owner.get('/settings/plugins/nope/edit')).status, 404)
    for (const role of [TenantRole.Admin, TenantRole.Technician, TenantRole.Cashier]) {
      const user = await userIn(tenant, role)
      const { session } = await loginOver(hostOf(tenant), user.email)
      assert.equal((await session.get('/settings/plugins')).status, 403, role)
      assert.equal((await session.get('/settings/plugins/manual/edit')).status, 403, role)
    }
  })
})
