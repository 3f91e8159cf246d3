/*
 * The Access-Accept being built: attributes by dictionary name, in order, with later writers
 * replacing earlier values of the same name. Values come from the database as text; each is
 * checked against the type the NAS expects, and a value or name we cannot encode is left out
 * (and logged once) rather than failing the whole login.
 */
import logger from '@adonisjs/core/services/logger'
import type { OutgoingAttribute } from '../codec/index.js'

const MIKROTIK = 14988
type ValueType = 'integer' | 'string' | 'ipaddr'

// Reply attributes RouterOS honours (RADIUS.md), by dictionary name; vendor 14988 for Mikrotik-*.
const CATALOG: Readonly<Record<string, ValueType>> = {
  'Session-Timeout': 'integer',
  'Idle-Timeout': 'integer',
  'Acct-Interim-Interval': 'integer',
  'Port-Limit': 'integer',
  'Framed-MTU': 'integer',
  'Framed-IP-Address': 'ipaddr',
  'Framed-IP-Netmask': 'ipaddr',
  'Framed-Pool': 'string',
  'Framed-Route': 'string',
  'Filter-Id': 'string',
  'Reply-Message': 'string',
  'Mikrotik-Recv-Limit': 'integer',
  'Mikrotik-Xmit-Limit': 'integer',
  'Mikrotik-Group': 'string',
  'Mikrotik-Rate-Limit': 'string',
  'Mikrotik-Realm': 'string',
  'Mikrotik-Host-IP': 'ipaddr',
  'Mikrotik-Mark-Id': 'string',
  'Mikrotik-Advertise-URL': 'string',
  'Mikrotik-Advertise-Interval': 'integer',
  'Mikrotik-Recv-Limit-Gigawords': 'integer',
  'Mikrotik-Xmit-Limit-Gigawords': 'integer',
  'Mikrotik-Total-Limit': 'integer',
  'Mikrotik-Total-Limit-Gigawords': 'integer',
  'Mikrotik-Address-List': 'string',
  'Mikrotik-Delegated-IPv6-Pool': 'string',
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/
const warned = new Set<string>()

function warnOnce(key: string, message: string, ...values: unknown[]): void {
  if (warned.has(key)) return
  if (warned.size < 1000) warned.add(key)
  logger.warn(message, ...values)
}

/** The value in the form the encoder takes, or undefined when it does not fit the type. */
function typed(type: ValueType, value: string): string | number | undefined {
  const text = value.trim()
  if (type === 'integer') {
    if (!/^\d{1,10}$/.test(text) || Number(text) > 0xffffffff) return undefined
    return Number(text)
  }
  if (type === 'ipaddr') return IPV4.test(text) ? text : undefined
  return text.length > 0 && Buffer.byteLength(text) <= 247 ? text : undefined
}

/** An Access-Accept under construction. */
export class Reply {
  #items = new Map<string, string[]>()
  #verbatim: OutgoingAttribute[] = []

  /** Adds every attribute of `items`, replacing values of the same name. */
  load(items: ReadonlyMap<string, readonly string[]>): void {
    for (const [name, values] of items) this.#items.set(name, [...values])
  }

  /** The first value of `name`. */
  get(name: string): string | undefined {
    return this.#items.get(name)?.[0]
  }

  /** The first value of `name` as a whole number, when it is one. */
  number(name: string): number | undefined {
    const value = this.get(name)
    return value !== undefined && /^\s*\d+\s*$/.test(value) ? Number(value) : undefined
  }

  /** Sets `name` to one value, replacing what was there. */
  set(name: string, value: string | number): void {
    this.#items.set(name, [String(value)])
  }

  /** Adds attributes already in encoder form (MS-CHAP2-Success, MPPE keys). */
  appendVerbatim(attributes: readonly OutgoingAttribute[]): void {
    this.#verbatim.push(...attributes)
  }

  /** The attributes for the encoder; Mikrotik-* wrapped in their own Vendor-Specific each. */
  toAttributes(): OutgoingAttribute[] {
    const attributes: OutgoingAttribute[] = []
    for (const [name, values] of this.#items) {
      const type = CATALOG[name]
      if (type === undefined) {
        warnOnce(name, 'reply attribute %s is not one we send; left out', name)
        continue
      }
      for (const raw of values) {
        const value = typed(type, raw)
        if (value === undefined) {
          warnOnce(
            `${name}=${raw}`,
            'reply attribute %s has an invalid value "%s"; left out',
            name,
            raw
          )
        } else if (name.startsWith('Mikrotik-')) {
          attributes.push(['Vendor-Specific', MIKROTIK, [[name, value]]])
        } else {
          attributes.push([name, value])
        }
      }
    }
    return [...attributes, ...this.#verbatim]
  }
}
