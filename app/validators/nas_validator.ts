import vine from '@vinejs/vine'
import { isIPv4 } from 'node:net'
import type { I18n } from '@adonisjs/i18n'
import type { Infer } from '@vinejs/vine/types'
import type { HttpContext } from '@adonisjs/core/http'
import plugins from '#plugins/main'
import { generateSecret, NasRegistryError, type NasInput } from '#services/nas_registry_service'
import { ruleErrors, scopedMessages } from '#validators/validation_messages'

/** NAS types the form offers. */
export const NAS_TYPES = ['mikrotik', 'unifi', 'openwrt', 'other'] as const

/** Printable ASCII: what every router UI accepts in a secret or password, and no line breaks. */
const PRINTABLE = /^[\x20-\x7E]+$/
/** RouterOS identity / NAS-Identifier: letters, digits, dot, dash, underscore. */
const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/
/** A host name or an IP address (IPv6 without brackets). */
const HOST = /^[A-Za-z0-9.:-]{1,253}$/
/** RouterOS user names used for the API. */
const API_USER = /^[A-Za-z0-9._@-]{1,64}$/
/** Names are shown in pages and script comments: no control characters. */
const NAME = /^\P{Cc}+$/u

const port = () => vine.number().withoutDecimals().range([1, 65535])

/** The NAS form (create, edit and the onboarding wizard). `secret` is read on create only. */
export const nasValidator = vine.create({
  name: vine.string().trim().minLength(2).maxLength(120).regex(NAME),
  type: vine.enum(NAS_TYPES),
  ipAddress: vine.string().trim().ipAddress(),
  identifier: vine.string().trim().regex(IDENTIFIER).nullable().optional(),
  secret: vine.string().minLength(12).maxLength(128).regex(PRINTABLE).nullable().optional(),
  authPort: port().nullable().optional(),
  acctPort: port().nullable().optional(),
  coaPort: port().nullable().optional(),
  requireMessageAuthenticator: vine.boolean().optional(),
  driver: vine.string().trim().maxLength(120).nullable().optional(),
  wireguard: vine.boolean().optional(),
  apiHost: vine.string().trim().regex(HOST).nullable().optional(),
  apiPort: port().nullable().optional(),
  apiUsername: vine.string().trim().regex(API_USER).nullable().optional(),
  apiPassword: vine.string().maxLength(128).regex(PRINTABLE).nullable().optional(),
  apiTls: vine.boolean().optional(),
})

/** Rotating a secret must be confirmed: the router stops authenticating until it is updated. */
const rotateSecretValidator = vine.create({ confirm: vine.accepted() })

/** Checks the rotation form's confirmation, with the message in the page language. */
export function validateRotation({ request, i18n }: HttpContext) {
  return request.validateUsing(rotateSecretValidator, {
    messagesProvider: scopedMessages(i18n, 'nas'),
  })
}

type NasForm = Infer<typeof nasValidator>

/** Device plugins a NAS can be driven by, for the select. */
export function deviceDrivers() {
  return plugins.list('device').map((manifest) => ({
    value: manifest.name,
    label: manifest.displayName,
  }))
}

/** Rules that need more than one field, or the plugin registry. */
function formProblems(form: NasForm): { field: string; rule: string }[] {
  const problems: { field: string; rule: string }[] = []
  if (form.driver && !plugins.list('device').some((manifest) => manifest.name === form.driver)) {
    problems.push({ field: 'driver', rule: 'driverUnknown' })
  }
  // The tunnel carries IPv4 only (the router's /32 and the platform's address).
  if (form.wireguard && form.type === 'mikrotik' && !isIPv4(form.ipAddress)) {
    problems.push({ field: 'ipAddress', rule: 'wireguardIpv4' })
  }
  if (form.apiHost && !form.apiUsername) problems.push({ field: 'apiUsername', rule: 'required' })
  return problems
}

/** The NAS's fields from the form, all but the secret. */
type NasFields = Omit<NasInput, 'secret'>

function toNasFields(form: NasForm): NasFields {
  return {
    name: form.name,
    type: form.type,
    ipAddress: form.ipAddress,
    identifier: form.identifier ?? null,
    authPort: form.authPort ?? 1812,
    acctPort: form.acctPort ?? 1813,
    coaPort: form.coaPort ?? 3799,
    requireMessageAuthenticator: form.requireMessageAuthenticator ?? false,
    driver: form.driver ?? plugins.defaultDevice,
    wireguard: form.type === 'mikrotik' && (form.wireguard ?? false),
    routerApi: form.apiHost
      ? {
          host: form.apiHost,
          port: form.apiPort ?? null,
          username: form.apiUsername!,
          // Blank keeps the stored password: it is never sent back to the form.
          password: form.apiPassword ?? undefined,
          tls: form.apiTls ?? false,
        }
      : null,
  }
}

async function validated({ request, i18n }: HttpContext) {
  const messagesProvider = scopedMessages(i18n, 'nas')
  const form = await request.validateUsing(nasValidator, { messagesProvider })
  const problems = formProblems(form)
  if (problems.length > 0) throw ruleErrors(messagesProvider, problems)
  return form
}

/** A new NAS from the form, with a strong generated secret unless the operator typed one. */
export async function validateNewNas(ctx: HttpContext): Promise<NasInput> {
  const form = await validated(ctx)
  return { ...toNasFields(form), secret: form.secret ?? generateSecret() }
}

/** Changes to a NAS from the form; the secret is changed only by rotation. */
export async function validateNasChanges(ctx: HttpContext): Promise<NasFields> {
  return toNasFields(await validated(ctx))
}

const REGISTRY_FIELDS: Partial<Record<NasRegistryError['code'], string>> = {
  E_NAS_DUPLICATE: 'ipAddress',
  E_NAS_INVALID_ADDRESS: 'ipAddress',
  E_NAS_SECRET_REUSED: 'secret',
}

/**
 * A registry refusal as a validation error under the field it is about, so the form shows it
 * there; anything else is rethrown.
 */
export function asFormError(error: unknown, i18n: I18n): unknown {
  if (!(error instanceof NasRegistryError)) return error
  const field = REGISTRY_FIELDS[error.code]
  if (!field) return error
  return ruleErrors(scopedMessages(i18n, 'nas'), [{ field, rule: error.code }])
}
