/*
 * Tests every plugin kind shares: the manifest, the contract, and settings validation.
 */
import { test } from '@japa/runner'
import logger from '@adonisjs/core/services/logger'
import { errors } from '@vinejs/vine'
import type { PluginKind, PluginSettings } from '#plugins/contracts/manifest'
import type { PluginServices } from '#plugins/contracts/services'
import type { AnyPlugin } from '#plugins/define_plugin'
import { hasErrorCode } from '#plugins/errors'
import { contractProblems, manifestProblems } from '#plugins/manifest_validator'
import { PluginRegistry } from '#plugins/plugin_registry'
import {
  compileSettingsValidator,
  keepStoredSecrets,
  secretValues,
  settingsForm,
  validateSettings,
} from '#plugins/settings_schema'

/** A plugin module as imported (`await import(...)`), or its default export. */
export type PluginModule = AnyPlugin | { default: AnyPlugin }

/** The definition inside a module. */
export function definitionOf(module: PluginModule): AnyPlugin {
  return 'default' in module ? module.default : module
}

/** Settings as the registry would hand them to create(): validated, defaults filled in. */
export function validSettings(definition: AnyPlugin, input: Record<string, unknown>) {
  const fields = definition.manifest.settings
  return validateSettings(fields, compileSettingsValidator(fields), input)
}

/** Values a field of each type refuses. */
const WRONG_VALUES: Partial<Record<string, unknown>> = {
  number: 'not a number',
  select: '__not_an_option__',
  url: 'not a url',
}

/** Throws when `value`, serialized, contains a secret. */
export function assertNoSecrets(value: unknown, secrets: readonly string[], what: string) {
  const text =
    value instanceof Error ? `${value.message} ${JSON.stringify(value)}` : JSON.stringify(value)
  const leaked = secrets.filter((secret) => text?.includes(secret))
  if (leaked.length) throw new Error(`${what} contains the value of a secret setting`)
}

/** Runs `call`; a rejection must carry one of `codes`. Returns the value, or the error. */
export async function settleTyped<T>(
  call: () => Promise<T>,
  codes: readonly string[],
  what: string
) {
  try {
    return { value: await call() }
  } catch (error) {
    if (!codes.some((code) => hasErrorCode(error, code))) {
      throw new Error(
        `${what} rejected without a typed error (${codes.join(' | ')}): ${String(error)}`,
        {
          cause: error,
        }
      )
    }
    return { error: error as Error }
  }
}

/** Registers the manifest, contract and settings tests of `definition`. */
export function registerCommonTests(
  definition: AnyPlugin,
  kind: PluginKind,
  settings: PluginSettings,
  services: () => PluginServices
) {
  const { manifest } = definition
  const fields = manifest.settings

  test('the manifest is valid and of the right kind', async ({ assert }) => {
    assert.deepEqual(await manifestProblems(manifest), [])
    assert.equal(manifest.kind, kind)
  })

  test('the registry accepts it', async ({ assert }) => {
    const registry = new PluginRegistry({
      host: { logger, appKey: 'conformance', coa: async () => services().coa },
      settings: { read: async () => null },
      packageDirectories: [],
    })
    const registered = await registry.register(definition, 'the conformance kit')
    assert.equal(registered.manifest.name, manifest.name)
  })

  test('create() returns every method of the contract', async ({ assert }) => {
    const instance = await definition.create(await validSettings(definition, settings), services())
    assert.deepEqual(contractProblems(kind, instance), [])
  })

  test('the given settings are valid', async ({ assert }) => {
    const valid = await validSettings(definition, settings)
    for (const field of fields.filter((item) => item.required)) assert.property(valid, field.name)
  })

  test('each required setting is refused when missing, and wrong types are refused', async ({
    assert,
  }) => {
    const validator = compileSettingsValidator(fields)
    const cases = fields.flatMap((field) => [
      ...(field.required && field.default === undefined
        ? [{ field: field.name, value: undefined }]
        : []),
      ...(field.type in WRONG_VALUES
        ? [{ field: field.name, value: WRONG_VALUES[field.type] }]
        : []),
    ])
    for (const { field, value } of cases) {
      try {
        await validateSettings(fields, validator, { ...settings, [field]: value })
        assert.fail(`${field} = ${JSON.stringify(value)} was accepted`)
      } catch (error) {
        assert.instanceOf(error, errors.E_VALIDATION_ERROR)
        const messages = (error as InstanceType<typeof errors.E_VALIDATION_ERROR>).messages
        assert.deepEqual(
          messages.map((message: { field: string }) => message.field),
          [field]
        )
      }
    }
  })

  test('secrets are never echoed into the form and survive an empty submit', async ({ assert }) => {
    const valid = await validSettings(definition, settings)
    const secrets = secretValues(fields, valid)
    for (const locale of ['id', 'en']) {
      const form = settingsForm(fields, valid, locale)
      assertNoSecrets(form, secrets, 'the settings form')
      for (const control of form.filter((item) => item.inputType === 'password')) {
        assert.isUndefined(control.value)
        assert.equal(control.secretSet, typeof valid[control.name] === 'string')
      }
    }
    const emptied = Object.fromEntries(
      fields.filter((field) => field.type === 'secret').map((field) => [field.name, ''])
    )
    const kept = keepStoredSecrets(fields, { ...valid, ...emptied }, valid)
    assert.deepEqual(await validSettings(definition, kept), valid)
  })
}
