/*
 * A manifest's settings field list turned into what the app needs: a compiled VineJS validator,
 * defaults, placeholder values for the contract check, and the fields of the settings form.
 */
import vine from '@vinejs/vine'
import type { MessagesProviderContact, SchemaTypes } from '@vinejs/vine/types'
import type {
  LocalizedText,
  PluginSettings,
  SettingField,
  SettingValue,
} from './contracts/manifest.js'

/** Validates raw settings (strings from a form, or values) into PluginSettings. */
export type SettingsValidator = ReturnType<typeof compileSettingsValidator>

function fieldSchema(field: SettingField): SchemaTypes {
  switch (field.type) {
    case 'number':
      return field.required ? vine.number() : vine.number().optional()
    case 'boolean':
      return vine.boolean().optional()
    case 'select': {
      const values = (field.options ?? []).map((option) => option.value)
      return field.required ? vine.enum(values) : vine.enum(values).optional()
    }
    case 'url': {
      // Gateways' sandboxes and our fakes live on hosts without a TLD (localhost, 127.0.0.1).
      const url = vine
        .string()
        .trim()
        .url({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
      return field.required ? url : url.optional()
    }
    default: {
      const string = vine.string().trim().maxLength(2000)
      return field.required ? string : string.optional()
    }
  }
}

/** Compiles the validator of a field list (once per plugin, when it is registered). */
export function compileSettingsValidator(fields: readonly SettingField[]) {
  const properties: Record<string, SchemaTypes> = {}
  for (const field of fields) properties[field.name] = fieldSchema(field)
  return vine.create(properties)
}

/** Validated settings; an empty field takes its default, an absent boolean is false. */
export async function validateSettings(
  fields: readonly SettingField[],
  validator: SettingsValidator,
  input: Record<string, unknown>,
  options?: Parameters<SettingsValidator['validate']>[1]
): Promise<PluginSettings> {
  const data: Record<string, unknown> = {}
  for (const field of fields) {
    const value = input[field.name]
    data[field.name] = value === undefined || value === null || value === '' ? field.default : value
  }
  const valid = (await validator.validate(data, options)) as Record<
    string,
    SettingValue | undefined
  >
  const settings: Record<string, SettingValue> = {}
  for (const field of fields) {
    const value = valid[field.name] ?? (field.type === 'boolean' ? false : undefined)
    if (value !== undefined) settings[field.name] = value
  }
  return settings
}

/** Whether a plugin works before a tenant configures it: nothing is required. */
export function usableWithoutSettings(fields: readonly SettingField[]): boolean {
  return !fields.some((field) => field.required && field.default === undefined)
}

/** Values of the right type for every field, used to call create() when checking the contract. */
export function placeholderSettings(fields: readonly SettingField[]): PluginSettings {
  const settings: Record<string, SettingValue> = {}
  for (const field of fields) {
    if (field.default !== undefined) settings[field.name] = field.default
    else if (field.type === 'number') settings[field.name] = 0
    else if (field.type === 'boolean') settings[field.name] = false
    else if (field.type === 'select') settings[field.name] = field.options?.[0]?.value ?? ''
    else if (field.type === 'url') settings[field.name] = 'https://plugin-check.invalid/'
    else settings[field.name] = 'placeholder'
  }
  return settings
}

/** A submitted settings form as settings input: an unchecked box (absent) is false. */
export function formInput(
  fields: readonly SettingField[],
  body: Record<string, unknown>
): Record<string, unknown> {
  const input: Record<string, unknown> = {}
  for (const field of fields) {
    input[field.name] = field.type === 'boolean' ? (body[field.name] ?? false) : body[field.name]
  }
  return input
}

/** `input` where every empty secret takes its stored value: the form never shows secrets. */
export function keepStoredSecrets(
  fields: readonly SettingField[],
  input: Record<string, unknown>,
  stored: PluginSettings | null
): Record<string, unknown> {
  const merged = { ...input }
  for (const field of fields) {
    const value = merged[field.name]
    if (field.type === 'secret' && (value === undefined || value === null || value === '')) {
      merged[field.name] = stored?.[field.name]
    }
  }
  return merged
}

/** One control of the generated settings form (rendered by pages/tenant/plugins/edit.edge). */
export interface SettingsFormField {
  control: 'input' | 'select' | 'checkbox'
  name: string
  label: string
  help?: string
  required: boolean
  /** For inputs: text, password (secrets), number or url. */
  inputType?: 'text' | 'password' | 'number' | 'url'
  /** Never set for secrets. */
  value?: string | number
  checked?: boolean
  options?: { value: string; label: string }[]
  /** A secret that has a stored value (the form says so instead of showing it). */
  secretSet?: boolean
}

function text(value: LocalizedText | undefined, locale: string) {
  return value ? (locale === 'id' ? value.id : value.en) : undefined
}

/** The form of a field list, filled with the stored values; secrets are never echoed. */
export function settingsForm(
  fields: readonly SettingField[],
  stored: PluginSettings | null,
  locale: string
): SettingsFormField[] {
  return fields.map((field) => {
    const value = stored?.[field.name] ?? field.default
    const base = {
      name: field.name,
      label: text(field.label, locale)!,
      help: text(field.help, locale),
    }
    switch (field.type) {
      case 'boolean':
        return { ...base, control: 'checkbox', required: false, checked: value === true }
      case 'select':
        return {
          ...base,
          control: 'select',
          required: Boolean(field.required),
          value: value as string | undefined,
          options: (field.options ?? []).map((option) => ({
            value: option.value,
            label: text(option.label, locale)!,
          })),
        }
      case 'secret': {
        const secretSet = typeof value === 'string' && value !== ''
        return {
          ...base,
          control: 'input',
          inputType: 'password',
          required: Boolean(field.required) && !secretSet,
          secretSet,
        }
      }
      default:
        return {
          ...base,
          control: 'input',
          inputType: field.type === 'string' ? 'text' : field.type,
          required: Boolean(field.required),
          value: value as string | number | undefined,
        }
    }
  })
}

/** The secret values among settings (to check that nothing echoes them). */
export function secretValues(fields: readonly SettingField[], settings: PluginSettings): string[] {
  return fields
    .filter((field) => field.type === 'secret')
    .map((field) => settings[field.name])
    .filter((value): value is string => typeof value === 'string' && value !== '')
}

/** Wraps a messages provider so messages name each setting by its label, not its key. */
export function labelledMessages(
  provider: MessagesProviderContact,
  fields: readonly SettingField[],
  locale: string
): MessagesProviderContact {
  const labels = new Map(fields.map((field) => [field.name, text(field.label, locale)!]))
  return {
    getMessage(message, rule, field, args) {
      const label = labels.get(String(field.name))
      // A child object keeps every other property of the field context (paths, meta).
      const named = label ? Object.assign(Object.create(field), { name: label }) : field
      return provider.getMessage(message, rule, named, args)
    },
  }
}
