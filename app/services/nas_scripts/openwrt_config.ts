/*
 * OpenWRT: uci commands for CoovaChilli (a full RADIUS client with accounting and CoA) and for
 * nodogsplash (no RADIUS client of its own: a binauth hook asks our server through radclient).
 * Operator values are single-quoted for the shell; addresses and ports are validated before.
 */
import { isIPv6 } from 'node:net'
import type { NasScriptInput } from '#services/nas_script_service'
import { PASTE_HERE_PROMPT } from './routeros_script.js'

/** `value` as one POSIX shell word: single quotes, with `'` written as `'\''`. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`
}

/** The NAS-Identifier the router sends: the configured one, else one naming the NAS. */
function nasIdentifier(input: NasScriptInput): string {
  return input.identifier ?? `nas-${input.nasId}`
}

function coovaChilli(input: NasScriptInput, secret: string): string[] {
  const set = (option: string, value: string) =>
    `uci set chilli.@chilli[0].${option}=${shellQuote(value)}`
  return [
    '# CoovaChilli (opkg install coova-chilli): RADIUS settings of /etc/config/chilli.',
    set('radiusserver1', input.radiusAddress),
    set('radiusserver2', input.radiusAddress),
    set('radiusauthport', String(input.authPort)),
    set('radiusacctport', String(input.acctPort)),
    set('radiussecret', secret),
    set('radiusnasid', nasIdentifier(input)),
    '# Disconnect and CoA requests (RFC 5176) from the platform.',
    set('coaport', String(input.coaPort)),
    `# Interim accounting every ${input.interimMinutes} minutes, unless a user's reply says otherwise.`,
    set('definteriminterval', String(input.interimMinutes * 60)),
    'uci commit chilli',
    '/etc/init.d/chilli restart',
  ]
}

function nodogsplash(input: NasScriptInput, secret: string): string[] {
  const server = isIPv6(input.radiusAddress)
    ? `[${input.radiusAddress}]:${input.authPort}`
    : `${input.radiusAddress}:${input.authPort}`
  return [
    '# nodogsplash has no RADIUS client: its binauth hook asks our server with radclient',
    '# (opkg install freeradius3-utils). It sends no accounting, so its sessions are not listed',
    '# as online users; use CoovaChilli when you need that.',
    'mkdir -p /etc/nodogsplash',
    'umask 077',
    `printf '%s' ${shellQuote(secret)} > /etc/nodogsplash/radius_secret`,
    "cat > /etc/nodogsplash/radius_auth.sh <<'EOF'",
    '#!/bin/sh',
    '# binauth arguments: $1 method, $2 client MAC, $3 username, $4 password',
    '[ "$1" = auth_client ] || exit 0',
    // radclient reads "Name = "value"" lines: drop line breaks, escape " and \.
    `clean() { printf '%s' "$1" | tr -d '\\r\\n' | sed 's/[\\\\"]/\\\\&/g'; }`,
    `printf 'User-Name = "%s"\\nUser-Password = "%s"\\nCalling-Station-Id = "%s"\\nNAS-Identifier = "%s"\\nMessage-Authenticator = 0x00\\n' \\`,
    `  "$(clean "$3")" "$(clean "$4")" "$(clean "$2")" ${shellQuote(nasIdentifier(input))} |`,
    `  radclient -r 2 -t 3 ${server} auth "$(cat /etc/nodogsplash/radius_secret)" | grep -q Access-Accept`,
    'EOF',
    'chmod 700 /etc/nodogsplash/radius_auth.sh',
    "uci set nodogsplash.@nodogsplash[0].binauth='/etc/nodogsplash/radius_auth.sh'",
    'uci commit nodogsplash',
    '/etc/init.d/nodogsplash restart',
  ]
}

/** Shell commands for an OpenWRT router: CoovaChilli first, then the nodogsplash alternative. */
export function openWrtConfig(input: NasScriptInput): string {
  const secret = input.secret ?? PASTE_HERE_PROMPT
  const lines = [
    `# Radius Billing: OpenWRT settings for NAS #${input.nasId}. Run over SSH as root.`,
    ...(input.secret === null
      ? ['# The shared secret is shown only once: put it in place of the placeholder below.']
      : []),
    '# Use the part for the captive portal you run.',
    '',
    ...coovaChilli(input, secret),
    '',
    ...nodogsplash(input, secret),
    '',
  ]
  return lines.join('\n')
}
