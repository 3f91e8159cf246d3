/*
 * A NAS script input with plain values, and a reader of RouterOS string literals to check the
 * escaping from the router's side.
 */
import type { NasScriptInput } from '#services/nas_script_service'

/** Script input of a typical MikroTik NAS; `overrides` change single values. */
export function scriptInput(overrides: Partial<NasScriptInput> = {}): NasScriptInput {
  return {
    nasId: 12,
    name: 'Hotspot Kantor',
    identifier: null,
    ipAddress: '198.51.100.7',
    secret: 'S3cretValue-42',
    authPort: 1812,
    acctPort: 1813,
    coaPort: 3799,
    requireMessageAuthenticator: true,
    interimMinutes: 5,
    routerVersion: null,
    radiusAddress: '203.0.113.10',
    wireguard: null,
    ...overrides,
  }
}

const NAMED: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '$': '$',
  '?': '?',
  'n': '\n',
  'r': '\r',
  't': '\t',
  '_': ' ',
}

/**
 * Reads the double-quoted string starting at `text[start]` the way the RouterOS scripting manual
 * describes it (named escapes and `\XX` capital hex); returns its value and where it ended.
 * Throws on anything RouterOS would treat specially inside a string: a bare `$`, `?` or line break.
 */
export function readRouterOsString(text: string, start: number): { value: string; end: number } {
  if (text[start] !== '"') throw new Error(`no string at ${start}`)
  const bytes: number[] = []
  for (let i = start + 1; i < text.length; i++) {
    const char = text[i]
    if (char === '"') return { value: Buffer.from(bytes).toString('utf8'), end: i + 1 }
    if (char === '$' || char === '?' || char === '\n' || char === '\r') {
      throw new Error(`unescaped ${JSON.stringify(char)} at ${i}`)
    }
    if (char !== '\\') {
      bytes.push(...Buffer.from(char, 'utf8'))
      continue
    }
    const next = text[i + 1]
    if (/^[0-9A-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16))
      i += 2
    } else if (next in NAMED) {
      bytes.push(...Buffer.from(NAMED[next], 'utf8'))
      i += 1
    } else {
      throw new Error(`unknown escape \\${next} at ${i}`)
    }
  }
  throw new Error('unterminated string')
}

/** The value of `name="…"` on the line of the script that starts with `prefix`. */
export function quotedArgument(script: string, prefix: string, name: string): string {
  const line = script.split('\n').find((candidate) => candidate.startsWith(prefix))
  if (!line) throw new Error(`no line starts with ${prefix}`)
  const at = line.indexOf(`${name}="`)
  if (at < 0) throw new Error(`no ${name}= on ${line}`)
  return readRouterOsString(line, at + name.length + 1).value
}
