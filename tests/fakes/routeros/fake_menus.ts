/*
 * The fake router's state: the menus hotspot and PPP billing use (EXTERNAL-APIS.md §4.7), each a
 * list of items with RouterOS `.id`s, and the rules a real router enforces on them (known
 * parameters only, unique names, `no such item`).
 */

/** A `!trap` the fake answers with (§4.3 categories: 0 missing item, 1 bad argument…). */
export class FakeTrap extends Error {
  constructor(
    message: string,
    readonly category?: number
  ) {
    super(message)
    this.name = 'FakeTrap'
  }
}

/** One menu entry, as `print` returns it: every value is a string. */
export type FakeItem = Record<string, string>

/** What a menu accepts and enforces. */
export interface FakeMenuSpec {
  /** Parameters `add`/`set` accept (besides `.id`, `numbers`, `comment`, `disabled`). */
  params: readonly string[]
  /** Values an added item starts with. */
  defaults?: Readonly<Record<string, string>>
  /** The uniqueness key of an item and the trap text of a duplicate. */
  unique?: { key: (item: FakeItem) => string; message: string }
  /** Items present on a fresh router (their `.id`s are fixed). */
  builtIn?: readonly FakeItem[]
  /** Menus filled by the router itself (active sessions): no `add` or `set` over the API. */
  readOnly?: boolean
}

const COMMON = ['comment', 'disabled']

/** One menu of the fake router. */
export class FakeMenu {
  readonly items: FakeItem[]
  #spec: FakeMenuSpec
  #nextId: () => string

  constructor(spec: FakeMenuSpec, nextId: () => string) {
    this.#spec = spec
    this.#nextId = nextId
    this.items = (spec.builtIn ?? []).map((item) => ({ ...item }))
  }

  /** `add`: the new item's `.id`. */
  add(params: Readonly<Record<string, string>>): string {
    if (this.#spec.readOnly) throw new FakeTrap('no such command', 0)
    this.#checkParams(params)
    if (!params.name) throw new FakeTrap('failure: name must be set', 1)
    const item: FakeItem = { '.id': this.#nextId(), ...this.#spec.defaults, ...params }
    this.#checkUnique(item)
    this.items.push(item)
    return item['.id']
  }

  /** Insert an item as the router itself would (a session logging in): no checks. */
  insert(values: Readonly<Record<string, string>>): FakeItem {
    const item: FakeItem = { '.id': this.#nextId(), ...this.#spec.defaults, ...values }
    this.items.push(item)
    return item
  }

  /** `set`: change the items named by `.id`/`numbers`. */
  set(params: Readonly<Record<string, string>>) {
    if (this.#spec.readOnly) throw new FakeTrap('no such command', 0)
    const changes = Object.fromEntries(
      Object.entries(params).filter(([key]) => key !== '.id' && key !== 'numbers')
    )
    this.#checkParams(changes)
    for (const item of this.#resolve(params)) {
      const changed = { ...item, ...changes }
      this.#checkUnique(changed, item)
      Object.assign(item, changes)
    }
  }

  /** `remove`: delete the items named by `.id`/`numbers`. */
  remove(params: Readonly<Record<string, string>>) {
    for (const item of this.#resolve(params)) this.items.splice(this.items.indexOf(item), 1)
  }

  /** `enable` / `disable`. */
  setDisabled(params: Readonly<Record<string, string>>, disabled: boolean) {
    if (this.#spec.readOnly) throw new FakeTrap('no such command', 0)
    for (const item of this.#resolve(params)) item.disabled = String(disabled)
  }

  /** Items named by a comma-separated `.id` or `numbers` list (an id or a name each). */
  #resolve(params: Readonly<Record<string, string>>): FakeItem[] {
    const refs = params['.id'] ?? params.numbers
    if (refs === undefined) throw new FakeTrap('missing =.id= or =numbers=', 1)
    return refs.split(',').map((ref) => {
      const item = this.items.find((row) => row['.id'] === ref || row.name === ref)
      if (!item) throw new FakeTrap('no such item', 0)
      return item
    })
  }

  #checkParams(params: Readonly<Record<string, string>>) {
    for (const key of Object.keys(params)) {
      if (!this.#spec.params.includes(key) && !COMMON.includes(key)) {
        throw new FakeTrap(`unknown parameter ${key}`, 1)
      }
    }
  }

  #checkUnique(candidate: FakeItem, self?: FakeItem) {
    const unique = this.#spec.unique
    if (!unique) return
    const key = unique.key(candidate)
    if (this.items.some((item) => item !== self && unique.key(item) === key)) {
      throw new FakeTrap(unique.message)
    }
  }
}

const byName = (item: FakeItem) => item.name
const SESSION_COUNTERS = {
  'uptime': '0s',
  'bytes-in': '0',
  'bytes-out': '0',
  'packets-in': '0',
  'packets-out': '0',
}

/** The menus, by API path. */
export const MENU_SPECS: Readonly<Record<string, FakeMenuSpec>> = {
  '/ip/hotspot/user': {
    params: [
      ...['name', 'password', 'profile', 'server', 'limit-uptime', 'limit-bytes-total'],
      ...['limit-bytes-in', 'limit-bytes-out', 'mac-address', 'address', 'email'],
    ],
    defaults: {
      server: 'all',
      profile: 'default',
      disabled: 'false',
      dynamic: 'false',
      ...SESSION_COUNTERS,
    },
    unique: {
      key: (item) => `${item.server}\u0000${item.name}`,
      message: 'failure: already have user with this name for this server',
    },
  },
  '/ip/hotspot/user/profile': {
    params: [
      ...['name', 'rate-limit', 'shared-users', 'session-timeout', 'idle-timeout'],
      ...['keepalive-timeout', 'address-pool', 'status-autorefresh', 'transparent-proxy'],
      'address-list',
    ],
    defaults: { 'shared-users': '1', 'idle-timeout': 'none', 'keepalive-timeout': '2m' },
    unique: { key: byName, message: 'failure: profile with the same name already exists' },
    builtIn: [{ '.id': '*0', 'name': 'default', 'shared-users': '1', 'default': 'true' }],
  },
  '/ip/hotspot/active': {
    params: [],
    readOnly: true,
    defaults: {
      'server': 'hotspot1',
      'login-by': 'http-chap',
      'idle-time': '0s',
      'radius': 'false',
      ...SESSION_COUNTERS,
    },
  },
  '/ppp/secret': {
    params: [
      ...['name', 'password', 'service', 'profile', 'local-address', 'remote-address'],
      ...['caller-id', 'limit-bytes-in', 'limit-bytes-out', 'routes'],
    ],
    defaults: {
      'service': 'any',
      'profile': 'default',
      'disabled': 'false',
      'limit-bytes-in': '0',
      'limit-bytes-out': '0',
    },
    unique: { key: byName, message: 'failure: secret with the same name already exists' },
  },
  '/ppp/profile': {
    params: [
      ...['name', 'local-address', 'remote-address', 'rate-limit', 'only-one'],
      ...['session-timeout', 'idle-timeout', 'dns-server', 'use-encryption', 'address-list'],
    ],
    defaults: { 'only-one': 'default', 'use-encryption': 'default' },
    unique: { key: byName, message: 'failure: profile with the same name already exists' },
    builtIn: [
      { '.id': '*0', 'name': 'default', 'only-one': 'default', 'default': 'true' },
      {
        '.id': '*FFFFFFFE',
        'name': 'default-encryption',
        'only-one': 'default',
        'default': 'true',
      },
    ],
  },
  '/ppp/active': {
    params: [],
    readOnly: true,
    defaults: {
      'service': 'pppoe',
      'caller-id': '',
      'encoding': '',
      'radius': 'false',
      'uptime': '0s',
    },
  },
}
