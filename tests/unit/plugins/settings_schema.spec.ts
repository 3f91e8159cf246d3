import { test } from '@japa/runner'
import { errors, SimpleMessagesProvider } from '@vinejs/vine'
import type { SettingField } from '#plugins/contracts/manifest'
import {
  compileSettingsValidator,
  formInput,
  keepStoredSecrets,
  labelledMessages,
  settingsForm,
  usableWithoutSettings,
  validateSettings,
} from '#plugins/settings_schema'

const label = (en: string) => ({ id: `${en} (id)`, en })
const FIELDS: SettingField[] = [
  { name: 'serverKey', type: 'secret', label: label('Server key'), required: true },
  {
    name: 'baseUrl',
    type: 'url',
    label: label('Base URL'),
    default: 'https://api.sandbox.midtrans.com',
  },
  { name: 'expiryMinutes', type: 'number', label: label('Expiry'), default: 60 },
  {
    name: 'mode',
    type: 'select',
    label: label('Mode'),
    options: [
      { value: 'sandbox', label: label('Sandbox') },
      { value: 'production', label: label('Production') },
    ],
    required: true,
  },
  { name: 'snap', type: 'boolean', label: label('Use Snap'), help: label('Hosted page') },
  { name: 'merchant', type: 'string', label: label('Merchant') },
]
const validator = compileSettingsValidator(FIELDS)

async function messagesOf(input: Record<string, unknown>) {
  try {
    await validateSettings(FIELDS, validator, input)
  } catch (error) {
    if (error instanceof errors.E_VALIDATION_ERROR)
      return error.messages as { field: string; rule: string }[]
    throw error
  }
  return []
}

test.group('Settings schema: validator generated from the manifest', () => {
  test('converts form strings, fills defaults, makes an absent boolean false', async ({
    assert,
  }) => {
    const settings = await validateSettings(FIELDS, validator, {
      serverKey: ' SB-Mid-server-abc ',
      expiryMinutes: '15',
      mode: 'production',
      merchant: null,
    })
    assert.deepEqual(settings, {
      serverKey: 'SB-Mid-server-abc',
      baseUrl: 'https://api.sandbox.midtrans.com',
      expiryMinutes: 15,
      mode: 'production',
      snap: false,
    })
    assert.isTrue(
      (await validateSettings(FIELDS, validator, { serverKey: 'k', mode: 'sandbox', snap: 'on' }))
        .snap
    )
  })

  test('refuses missing required fields and values of the wrong type, per field', async ({
    assert,
  }) => {
    const messages = await messagesOf({ expiryMinutes: 'soon', mode: 'live', baseUrl: 'ftp://x' })
    assert.deepEqual(
      messages.map(({ field, rule }) => `${field}:${rule}`),
      ['serverKey:required', 'baseUrl:url', 'expiryMinutes:number', 'mode:enum']
    )
    // Gateways' sandboxes and local fakes have no TLD.
    assert.deepEqual(
      await messagesOf({ serverKey: 'k', mode: 'sandbox', baseUrl: 'http://127.0.0.1:8123/v2' }),
      []
    )
  })

  test('messages name the setting by its label in the page language', async ({ assert }) => {
    const provider = labelledMessages(
      new SimpleMessagesProvider({ required: '{{ field }} wajib diisi' }),
      FIELDS,
      'id'
    )
    try {
      await validateSettings(FIELDS, validator, { mode: 'sandbox' }, { messagesProvider: provider })
      assert.fail('accepted')
    } catch (error) {
      assert.deepEqual((error as InstanceType<typeof errors.E_VALIDATION_ERROR>).messages[0], {
        field: 'serverKey',
        message: 'Server key (id) wajib diisi',
        rule: 'required',
      })
    }
  })

  test('a plugin with required settings is not usable before it is configured', ({ assert }) => {
    assert.isFalse(usableWithoutSettings(FIELDS))
    assert.isTrue(usableWithoutSettings(FIELDS.filter((field) => !field.required)))
  })
})

test.group('Settings schema: generated form', () => {
  test('one control per field, labels in the page language, stored values filled in', ({
    assert,
  }) => {
    const form = settingsForm(
      FIELDS,
      { serverKey: 'SB-secret', mode: 'production', snap: true },
      'en'
    )
    assert.deepEqual(
      form.map((field) => [field.name, field.control, field.inputType ?? null]),
      [
        ['serverKey', 'input', 'password'],
        ['baseUrl', 'input', 'url'],
        ['expiryMinutes', 'input', 'number'],
        ['mode', 'select', null],
        ['snap', 'checkbox', null],
        ['merchant', 'input', 'text'],
      ]
    )
    assert.equal(form[1].value, 'https://api.sandbox.midtrans.com')
    assert.equal(form[3].value, 'production')
    assert.deepEqual(form[3].options, [
      { value: 'sandbox', label: 'Sandbox' },
      { value: 'production', label: 'Production' },
    ])
    assert.isTrue(form[4].checked)
    assert.equal(settingsForm(FIELDS, null, 'id')[4].help, 'Hosted page (id)')
  })

  test('a stored secret is never echoed; it shows as set and is not required again', ({
    assert,
  }) => {
    const [secret] = settingsForm(FIELDS, { serverKey: 'SB-secret', mode: 'sandbox' }, 'en')
    assert.notInclude(JSON.stringify(secret), 'SB-secret')
    assert.isUndefined(secret.value)
    assert.isTrue(secret.secretSet)
    assert.isFalse(secret.required)
    const [unset] = settingsForm(FIELDS, null, 'en')
    assert.isFalse(unset.secretSet)
    assert.isTrue(unset.required)
  })

  test('an empty secret keeps the stored one; an unchecked box submits false', async ({
    assert,
  }) => {
    const stored = { serverKey: 'SB-old', mode: 'sandbox', snap: true }
    const input = formInput(FIELDS, { serverKey: null, mode: 'sandbox', _csrf: 'x' })
    assert.deepEqual(input, {
      serverKey: null,
      baseUrl: undefined,
      expiryMinutes: undefined,
      mode: 'sandbox',
      snap: false,
      merchant: undefined,
    })
    const kept = keepStoredSecrets(FIELDS, input, stored)
    assert.equal(kept.serverKey, 'SB-old')
    const replaced = keepStoredSecrets(FIELDS, { ...input, serverKey: 'SB-new' }, stored)
    assert.equal(replaced.serverKey, 'SB-new')
  })
})
