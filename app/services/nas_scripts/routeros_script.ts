/*
 * The RouterOS script that connects a MikroTik router to our RADIUS server, in a RouterOS 6 and a
 * RouterOS 7 variant. Pure text building: every value from the operator goes through
 * `routerOsString`, and only validated addresses and numbers are written bare.
 */
import type { NasScriptInput } from '#services/nas_script_service'

/** Which RouterOS the script is for. */
export type RouterOsVariant = 'v6' | 'v7'

/** Comment on everything the script adds, so running it again replaces instead of duplicating. */
export const SCRIPT_TAG = 'radius-billing'

/** Interface name of the optional tunnel to the platform. */
export const WIREGUARD_INTERFACE = 'wg-radius-billing'

/** Where a secret that is not shown again goes: an obvious value that will not authenticate. */
export const PASTE_HERE_PROMPT = 'PASTE-THE-SHARED-SECRET-HERE'

/** Characters written as they are inside a RouterOS string; anything else is escaped. */
const PLAIN = /^[A-Za-z0-9 _.,:/@+=-]$/
const NAMED_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '$': '\\$',
  '?': '\\?',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
}

/**
 * `value` as a double-quoted RouterOS string. `"`, `\`, `$` (variable substitution) and `?`
 * (console help) get their named escapes, line breaks and tabs theirs; every other byte outside
 * a small safe set (`[`, `]`, `;`, `{`, `#`, non-ASCII…) becomes `\XX` in capital hex, the form
 * the RouterOS scripting manual gives for any character.
 */
export function routerOsString(value: string): string {
  let out = ''
  for (const char of value) {
    if (PLAIN.test(char)) out += char
    else if (NAMED_ESCAPES[char]) out += NAMED_ESCAPES[char]
    else {
      for (const byte of Buffer.from(char, 'utf8')) {
        out += `\\${byte.toString(16).toUpperCase().padStart(2, '0')}`
      }
    }
  }
  return `"${out}"`
}

/** Text for a `#` comment: a line break in it would end the comment and start a command. */
export function commentText(value: string): string {
  return value.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').trim()
}

/** Whether a RouterOS version string ("7.16.2 (stable)") is at least major.minor. */
export function versionAtLeast(version: string, major: number, minor: number): boolean {
  const match = /^(\d+)\.(\d+)/.exec(version.trim())
  if (!match) return false
  const [have, haveMinor] = [Number(match[1]), Number(match[2])]
  return have > major || (have === major && haveMinor >= minor)
}

const tagged = `comment=${routerOsString(SCRIPT_TAG)}`
const ours = `[find where ${tagged}]`

function header(input: NasScriptInput, variant: RouterOsVariant): string[] {
  const lines = [
    `# Radius Billing: connect "${commentText(input.name)}" (NAS #${input.nasId}) to the RADIUS server`,
    `# For RouterOS ${variant === 'v7' ? '7' : '6'}. Paste it into a terminal, or upload the .rsc file and run /import.`,
    `# Safe to run again: it replaces what it added before (everything carries comment=${SCRIPT_TAG}).`,
  ]
  if (input.secret === null) {
    lines.push(
      '# The shared secret is shown only once. Put it in place of the placeholder below,',
      '# or rotate the secret on the NAS page to get a complete script.'
    )
  }
  return lines
}

function wireguard(input: NasScriptInput, variant: RouterOsVariant): string[] {
  if (!input.wireguard) return []
  if (variant === 'v6') {
    return [
      '',
      '# WireGuard needs RouterOS 7. On RouterOS 6, reach the platform over a public address',
      '# or another VPN, and make the RADIUS packets come from the address registered for this NAS.',
    ]
  }
  const { endpointHost, endpointPort, publicKey, platformAddress } = input.wireguard
  const iface = routerOsString(WIREGUARD_INTERFACE)
  return [
    '',
    '# Tunnel to the platform for a router behind NAT: RADIUS and CoA travel inside it.',
    '# The interface is created once, so its key (and the peer the platform knows) stays the same.',
    `:if ([:len [/interface wireguard find where name=${iface}]] = 0) do={ /interface wireguard add name=${iface} ${tagged} }`,
    `/interface wireguard peers remove ${ours}`,
    `/interface wireguard peers add interface=${iface} public-key=${routerOsString(publicKey)} endpoint-address=${routerOsString(endpointHost)} endpoint-port=${endpointPort} allowed-address=${platformAddress}/32 persistent-keepalive=25s ${tagged}`,
    `/ip address remove ${ours}`,
    `/ip address add address=${input.ipAddress}/32 interface=${iface} ${tagged}`,
    `/ip route remove ${ours}`,
    `/ip route add dst-address=${platformAddress}/32 gateway=${iface} ${tagged}`,
    '# Send this public key to the platform operator; the tunnel works once they add it:',
    `:put [/interface wireguard get [find where name=${iface}] public-key]`,
  ]
}

function identity(input: NasScriptInput): string[] {
  if (!input.identifier) return []
  return [
    '',
    '# RouterOS sends its identity as NAS-Identifier: it tells this router apart from others',
    '# behind the same public address.',
    `/system identity set name=${routerOsString(input.identifier)}`,
  ]
}

function radiusClient(input: NasScriptInput): string[] {
  const source = input.wireguard ? ` src-address=${input.ipAddress}` : ''
  const radiusAddress = input.wireguard?.platformAddress ?? input.radiusAddress
  return [
    '',
    '# Our RADIUS server for hotspot and PPP (PPPoE) logins and their accounting.',
    `/radius remove ${ours}`,
    `/radius add service=hotspot,ppp address=${radiusAddress} secret=${routerOsString(input.secret ?? PASTE_HERE_PROMPT)} authentication-port=${input.authPort} accounting-port=${input.acctPort} timeout=3s${source} ${tagged}`,
  ]
}

function messageAuthenticator(input: NasScriptInput, variant: RouterOsVariant): string[] {
  if (variant === 'v6') {
    return input.requireMessageAuthenticator
      ? [
          '',
          '# This NAS is set to require Message-Authenticator in Access-Requests. If logins are',
          '# refused after this script, the router does not sign them: upgrade to RouterOS 7.15+,',
          '# or turn "Require Message-Authenticator" off on the NAS page.',
        ]
      : []
  }
  if (input.routerVersion && !versionAtLeast(input.routerVersion, 7, 15)) {
    return [
      '',
      `# require-message-auth skipped: this router runs RouterOS ${commentText(input.routerVersion)}; the option exists from 7.15.`,
    ]
  }
  return [
    '',
    '# RouterOS 7.15 and newer only (delete this line on 7.0-7.14): refuse RADIUS replies without',
    '# Message-Authenticator (BlastRADIUS, CVE-2024-3596). Our server signs every reply.',
    `/radius set ${ours} require-message-auth=yes-for-request-resp`,
  ]
}

function aaa(input: NasScriptInput): string[] {
  const interim = `${input.interimMinutes}m`
  return [
    '',
    `# Hotspot: every server profile asks RADIUS, with accounting and ${interim} interim updates.`,
    `/ip hotspot profile set [find] use-radius=yes radius-accounting=yes radius-interim-update=${interim}`,
    `# PPP: RADIUS logins and accounting, interim updates every ${interim}.`,
    `/ppp aaa set use-radius=yes accounting=yes interim-update=${interim}`,
    '',
    `# Accept Disconnect and CoA requests (RFC 5176) on port ${input.coaPort}, set explicitly:`,
    '# the default differs between RouterOS versions (1700 or 3799).',
    `/radius incoming set accept=yes port=${input.coaPort}`,
  ]
}

/** The whole script for one NAS and RouterOS version. */
export function routerOsScript(input: NasScriptInput, variant: RouterOsVariant): string {
  return [
    ...header(input, variant),
    ...wireguard(input, variant),
    ...identity(input),
    ...radiusClient(input),
    ...messageAuthenticator(input, variant),
    ...aaa(input),
    '',
  ].join('\n')
}
