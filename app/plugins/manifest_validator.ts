/*
 * Checks a plugin before it is registered: the manifest (with VineJS) and the contract (every
 * required method present and a function). Returns every problem found, so an author fixes them
 * in one go; the registry turns them into one E_PLUGIN_INVALID error.
 */
import vine, { SimpleMessagesProvider, errors } from '@vinejs/vine'
import { PLUGIN_KINDS, SETTING_TYPES, type SettingField } from './contracts/manifest.js'
import { DEVICE_DRIVER_METHODS } from './contracts/device_driver.js'
import { PAYMENT_GATEWAY_METHODS } from './contracts/payment_gateway.js'

/** npm package name rules (validate-npm-package-name), lower case only. */
export const NPM_NAME = /^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/

/** Semantic Versioning 2.0.0, the official regular expression. */
export const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/

/** Setting names: camelCase identifiers, so they are safe as form field names. */
const FIELD_NAME = /^[a-z][a-zA-Z0-9_]*$/

/** Required methods per kind. */
export const REQUIRED_METHODS = {
  device: DEVICE_DRIVER_METHODS,
  payment: PAYMENT_GATEWAY_METHODS,
} as const

const localized = () =>
  vine.object({
    id: vine.string().trim().minLength(1),
    en: vine.string().trim().minLength(1),
  })

const manifestValidator = vine.create({
  name: vine.string().maxLength(214).regex(NPM_NAME),
  kind: vine.enum(PLUGIN_KINDS),
  version: vine.string().regex(SEMVER),
  displayName: vine.string().trim().minLength(1).maxLength(80),
  description: vine.string().trim().maxLength(500),
  settings: vine.array(
    vine.object({
      name: vine.string().maxLength(64).regex(FIELD_NAME).notIn(['enabled']),
      type: vine.enum(SETTING_TYPES),
      label: localized(),
      required: vine.boolean({ strict: true }).optional(),
      options: vine
        .array(vine.object({ value: vine.string().minLength(1), label: localized() }))
        .minLength(1)
        .optional(),
      default: vine.any().optional(),
      help: localized().optional(),
    })
  ),
})

const messages = new SimpleMessagesProvider({
  'required': 'is required',
  'string': 'must be text',
  'object': 'must be an object',
  'array': 'must be an array',
  'boolean': 'must be true or false',
  'minLength': 'must not be empty',
  'maxLength': 'must be at most {max} characters',
  'name.regex':
    'must be an npm package name (lower case letters, digits, "-", "_", ".", optional @scope/)',
  'version.regex': 'must be a semantic version such as 1.0.0',
  'kind.enum': `must be one of ${PLUGIN_KINDS.join(', ')}`,
  'settings.*.type.enum': `must be one of ${SETTING_TYPES.join(', ')}`,
  'settings.*.name.regex': 'must be a camelCase identifier',
  'settings.*.name.notIn': 'is reserved by the settings form',
})

/** The value at a dotted Vine error path, for the "(got …)" part of a message. */
function valueAt(data: unknown, path: string): unknown {
  let value: unknown = data
  for (const key of path.split('.')) {
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined
  }
  return value
}

function describe(value: unknown) {
  return typeof value === 'function' ? 'a function' : JSON.stringify(value)
}

/** Problems VineJS cannot express: options only on selects, defaults of the right type, unique names. */
function fieldProblems(fields: readonly SettingField[]): string[] {
  const problems: string[] = []
  const seen = new Set<string>()
  fields.forEach((field, index) => {
    const at = `manifest.settings.${index}`
    if (seen.has(field.name)) problems.push(`${at}.name: "${field.name}" is declared twice`)
    seen.add(field.name)
    if (field.type === 'select' && !field.options)
      problems.push(`${at}.options: a select needs options`)
    if (field.type !== 'select' && field.options) {
      problems.push(`${at}.options: only a select has options (type is ${field.type})`)
    }
    if (field.default !== undefined) {
      const problem = defaultProblem(field)
      if (problem) problems.push(`${at}.default: ${problem} (got ${describe(field.default)})`)
    }
  })
  return problems
}

function defaultProblem(field: SettingField): string | undefined {
  const value = field.default
  if (field.type === 'secret') return 'a secret cannot have a default'
  if (field.type === 'number') return typeof value === 'number' ? undefined : 'must be a number'
  if (field.type === 'boolean')
    return typeof value === 'boolean' ? undefined : 'must be true or false'
  if (typeof value !== 'string') return 'must be text'
  if (field.type === 'select' && !field.options?.some((option) => option.value === value)) {
    return 'must be one of the options'
  }
  return undefined
}

/** Every problem of a manifest; empty when it is valid. */
export async function manifestProblems(manifest: unknown): Promise<string[]> {
  if (!manifest || typeof manifest !== 'object') return ['manifest: is missing or not an object']
  try {
    const valid = await manifestValidator.validate(manifest, { messagesProvider: messages })
    return fieldProblems(valid.settings as SettingField[])
  } catch (error) {
    if (!(error instanceof errors.E_VALIDATION_ERROR)) throw error
    return (error.messages as { field: string; message: string; rule: string }[]).map((issue) => {
      const got =
        issue.rule === 'required' ? '' : ` (got ${describe(valueAt(manifest, issue.field))})`
      return `manifest.${issue.field}: ${issue.message}${got}`
    })
  }
}

/** Problems of a plugin instance against its kind's contract; empty when it conforms. */
export function contractProblems(kind: keyof typeof REQUIRED_METHODS, instance: unknown): string[] {
  if (!instance || typeof instance !== 'object') {
    return [
      `create() must return an object implementing the ${kind} contract (got ${describe(instance)})`,
    ]
  }
  const problems: string[] = []
  for (const method of REQUIRED_METHODS[kind]) {
    const value = (instance as Record<string, unknown>)[method]
    if (value === undefined) problems.push(`missing method ${method}()`)
    else if (typeof value !== 'function')
      problems.push(`${method} must be a function (got ${describe(value)})`)
  }
  const close = (instance as Record<string, unknown>).close
  if (close !== undefined && typeof close !== 'function') problems.push('close must be a function')
  return problems
}
