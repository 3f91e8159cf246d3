/*
 * The connection scripts of a NAS: what to paste into the router so it uses our RADIUS server.
 * One generator per target under nas_scripts/; this file gathers their input from the NAS row
 * and the platform's environment, and picks the targets that fit the NAS type.
 */
import { isIPv4 } from 'node:net'
import env from '#start/env'
import type Nas from '#models/central/nas'
import { normalizeIpAddress } from '#radius/nas_registry'
import { routerOsScript } from './nas_scripts/routeros_script.js'
import {
  unifiProfileFields,
  unifiProfileText,
  type ProfileField,
} from './nas_scripts/unifi_profile.js'
import { openWrtConfig } from './nas_scripts/openwrt_config.js'

/** Accounting interim interval the scripts set on the router. */
export const INTERIM_MINUTES = 5

/** The platform's end of a WireGuard tunnel. */
export interface WireguardPlatform {
  endpointHost: string
  endpointPort: number
  /** Base64 Curve25519 public key of the platform's interface. */
  publicKey: string
  /** The platform's IPv4 address inside the tunnel, where RADIUS listens. */
  platformAddress: string
}

/** Everything a generator needs; values are validated before they get here. */
export interface NasScriptInput {
  nasId: number
  name: string
  identifier: string | null
  /** The router's address as the registry knows it (its tunnel address with WireGuard). */
  ipAddress: string
  /** Null when it is not to be shown again: generators write a placeholder. */
  secret: string | null
  authPort: number
  acctPort: number
  coaPort: number
  requireMessageAuthenticator: boolean
  interimMinutes: number
  /** RouterOS version from the last health check, when known. */
  routerVersion: string | null
  /** Where routers send RADIUS (RADIUS_PUBLIC_ADDRESS). */
  radiusAddress: string
  /** Set when the NAS uses the tunnel and the platform has one configured. */
  wireguard: WireguardPlatform | null
}

/** One script (or list of values) offered on the NAS page. */
export interface NasScript {
  id: 'routeros-v7' | 'routeros-v6' | 'unifi' | 'openwrt' | 'values'
  filename: string
  text: string
  /** Form values to type in, for targets without a script console. */
  fields: ProfileField[] | null
}

/** What the page warns about before the operator pastes anything. */
export interface ScriptWarnings {
  /** RADIUS_PUBLIC_ADDRESS is missing or not an IP address. */
  radiusAddressMissing: boolean
  /** The NAS wants the tunnel but WIREGUARD_* are not all set. */
  wireguardMissing: boolean
}

const ADDRESS_PLACEHOLDER = 'RADIUS-SERVER-ADDRESS'
const WIREGUARD_KEY = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/

/** The platform address routers send RADIUS to, when configured as an IP address. */
export function platformRadiusAddress(): string | null {
  return normalizeIpAddress(env.get('RADIUS_PUBLIC_ADDRESS') ?? '') ?? null
}

/** The platform's WireGuard end, when WIREGUARD_ENDPOINT, _PUBLIC_KEY and _RADIUS_ADDRESS are valid. */
export function platformWireguard(): WireguardPlatform | null {
  const endpoint = /^\[?([A-Za-z0-9.:-]+?)\]?:(\d{1,5})$/.exec(env.get('WIREGUARD_ENDPOINT') ?? '')
  const publicKey = env.get('WIREGUARD_PUBLIC_KEY') ?? ''
  const platformAddress = env.get('WIREGUARD_RADIUS_ADDRESS') ?? ''
  const port = Number(endpoint?.[2])
  if (!endpoint || port < 1 || port > 65535 || !WIREGUARD_KEY.test(publicKey)) return null
  if (!isIPv4(platformAddress)) return null
  return { endpointHost: endpoint[1], endpointPort: port, publicKey, platformAddress }
}

/** Builds the scripts of a NAS. */
export class NasScriptService {
  /** The generator input for `nas`; `secret` null hides it behind a placeholder. */
  static inputFor(nas: Nas, secret: string | null): NasScriptInput {
    return {
      nasId: nas.id,
      name: nas.name,
      identifier: nas.identifier,
      ipAddress: nas.ipAddress ?? '',
      secret,
      authPort: nas.authPort,
      acctPort: nas.acctPort,
      coaPort: nas.coaPort,
      requireMessageAuthenticator: nas.requireMessageAuthenticator,
      interimMinutes: INTERIM_MINUTES,
      routerVersion: nas.routerVersion,
      radiusAddress: platformRadiusAddress() ?? ADDRESS_PLACEHOLDER,
      wireguard: nas.wireguard ? platformWireguard() : null,
    }
  }

  /** Problems with the platform settings the scripts depend on. */
  static warnings(nas: Nas): ScriptWarnings {
    return {
      radiusAddressMissing: platformRadiusAddress() === null,
      wireguardMissing: nas.type === 'mikrotik' && nas.wireguard && platformWireguard() === null,
    }
  }

  /**
   * The scripts that fit the NAS type: RouterOS 7 and 6 for MikroTik, the profile values for
   * UniFi (and for other RADIUS clients), uci commands for OpenWRT. `label` names UniFi fields
   * in the text download.
   */
  static scriptsFor(nas: Nas, secret: string | null, label: (key: string) => string): NasScript[] {
    const input = this.inputFor(nas, secret)
    const stem = `nas-${nas.id}`
    switch (nas.type) {
      case 'mikrotik':
        return [
          {
            id: 'routeros-v7',
            filename: `${stem}-routeros7.rsc`,
            text: routerOsScript(input, 'v7'),
            fields: null,
          },
          {
            id: 'routeros-v6',
            filename: `${stem}-routeros6.rsc`,
            text: routerOsScript(input, 'v6'),
            fields: null,
          },
        ]
      case 'openwrt':
        return [
          {
            id: 'openwrt',
            filename: `${stem}-openwrt.txt`,
            text: openWrtConfig(input),
            fields: null,
          },
        ]
      default: {
        const id = nas.type === 'unifi' ? 'unifi' : 'values'
        const title = `Radius Billing: RADIUS profile for NAS #${nas.id}`
        return [
          {
            id,
            filename: `${stem}-${id === 'unifi' ? 'unifi' : 'radius'}.txt`,
            text: unifiProfileText(input, label, title),
            fields: unifiProfileFields(input),
          },
        ]
      }
    }
  }
}
