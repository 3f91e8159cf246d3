/*
 * The fake router's read-only system data: `/system/resource/print`, `/interface/print` (with a
 * dynamic `<pppoe-NAME>` interface per PPPoE session, as RouterOS creates) and the rates
 * `/interface/monitor-traffic` reports.
 */
import type { FakeItem } from './fake_menus.js'

/** One static interface, with the rates `monitor-traffic` reports for it. */
export interface FakeInterface {
  name: string
  type: string
  rxBitsPerSecond: number
  txBitsPerSecond: number
}

/** Byte counters of a PPPoE session's dynamic interface. */
export interface FakePppCounters {
  rxByte: number
  txByte: number
}

const BOOT_UPTIME_SECONDS = 93_784

/** System data of one fake router. */
export class FakeSystem {
  /** Static interfaces; tests may change their rates. */
  readonly interfaces: FakeInterface[] = [
    { name: 'ether1', type: 'ether', rxBitsPerSecond: 12_000_000, txBitsPerSecond: 3_000_000 },
    { name: 'ether2', type: 'ether', rxBitsPerSecond: 2_500_000, txBitsPerSecond: 9_000_000 },
    { name: 'bridge-hotspot', type: 'bridge', rxBitsPerSecond: 0, txBitsPerSecond: 0 },
  ]
  /** Counters of PPPoE sessions by user name. */
  readonly pppCounters = new Map<string, FakePppCounters>()
  #version: string
  #startedAt = Date.now()

  constructor(version: string) {
    this.#version = version
  }

  /** The one row of `/system/resource/print`. */
  resource(): FakeItem {
    const seconds = Math.floor((Date.now() - this.#startedAt) / 1000) + BOOT_UPTIME_SECONDS
    const uptime =
      `${Math.floor(seconds / 86_400)}d${Math.floor(seconds / 3600) % 24}h` +
      `${Math.floor(seconds / 60) % 60}m${seconds % 60}s`
    return {
      'uptime': uptime,
      'version': this.#version,
      'free-memory': '50331648',
      'total-memory': '134217728',
      'cpu': 'MIPS 24Kc V7.4',
      'cpu-count': '1',
      'cpu-load': '7',
      'free-hdd-space': '4194304',
      'total-hdd-space': '16777216',
      'architecture-name': 'mipsbe',
      'board-name': 'hAP ac lite',
      'platform': 'MikroTik',
    }
  }

  /** `/interface/print` rows: the static interfaces, then one per PPPoE session in `pppActive`. */
  interfaceRows(pppActive: readonly FakeItem[]): FakeItem[] {
    const rows: FakeItem[] = this.interfaces.map((iface, index) => ({
      '.id': `*${index + 1}`,
      'name': iface.name,
      'type': iface.type,
      'running': 'true',
      'disabled': 'false',
      'dynamic': 'false',
      'rx-byte': String(iface.rxBitsPerSecond * 450),
      'tx-byte': String(iface.txBitsPerSecond * 450),
    }))
    for (const session of pppActive.filter((item) => item.service === 'pppoe')) {
      const counters = this.pppCounters.get(session.name) ?? { rxByte: 0, txByte: 0 }
      rows.push({
        '.id': `*F${session['.id'].slice(1)}`,
        'name': `<pppoe-${session.name}>`,
        'type': 'pppoe-in',
        'running': 'true',
        'disabled': 'false',
        'dynamic': 'true',
        'rx-byte': String(counters.rxByte),
        'tx-byte': String(counters.txByte),
      })
    }
    return rows
  }

  /** `monitor-traffic` rows of the named static interfaces; undefined if one is unknown. */
  trafficRows(names: readonly string[]): FakeItem[] | undefined {
    const picked = this.interfaces.filter((iface) => names.includes(iface.name))
    if (picked.length !== names.length) return undefined
    return picked.map((iface) => ({
      'name': iface.name,
      'rx-bits-per-second': String(iface.rxBitsPerSecond),
      'tx-bits-per-second': String(iface.txBitsPerSecond),
      'rx-packets-per-second': String(Math.round(iface.rxBitsPerSecond / 8000)),
      'tx-packets-per-second': String(Math.round(iface.txBitsPerSecond / 8000)),
    }))
  }
}
