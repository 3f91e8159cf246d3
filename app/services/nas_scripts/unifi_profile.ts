/*
 * UniFi has no script console for this: the operator types a RADIUS profile into the Network
 * application. These are the values to enter, as rows for the page and as a text file.
 */
import type { NasScriptInput } from '#services/nas_script_service'
import { PASTE_HERE_PROMPT } from './routeros_script.js'

/** One field of the UniFi form and what to put in it. */
export interface ProfileField {
  /** Key under `nas.unifi.*` in the language files. */
  key: string
  value: string
}

/** The RADIUS profile fields, in the order the UniFi form shows them. */
export function unifiProfileFields(input: NasScriptInput): ProfileField[] {
  const secret = input.secret ?? PASTE_HERE_PROMPT
  return [
    { key: 'profile_name', value: `radius-billing-${input.nasId}` },
    { key: 'auth_server', value: input.radiusAddress },
    { key: 'auth_port', value: String(input.authPort) },
    { key: 'auth_secret', value: secret },
    { key: 'accounting', value: 'on' },
    { key: 'acct_server', value: input.radiusAddress },
    { key: 'acct_port', value: String(input.acctPort) },
    { key: 'acct_secret', value: secret },
    { key: 'interim_update', value: String(input.interimMinutes * 60) },
    { key: 'coa_port', value: String(input.coaPort) },
    ...(input.identifier ? [{ key: 'nas_identifier', value: input.identifier }] : []),
  ]
}

/** The same fields as a plain text file, labelled with `label(key)`. */
export function unifiProfileText(
  input: NasScriptInput,
  label: (key: string) => string,
  title: string
): string {
  const fields = unifiProfileFields(input)
  const width = Math.max(...fields.map((field) => label(field.key).length))
  const lines = fields.map((field) => `${label(field.key).padEnd(width)}  ${field.value}`)
  return [title, '', ...lines, ''].join('\n')
}
