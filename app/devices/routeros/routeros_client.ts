/*
 * The RouterOS API as the device plugins use it: menus, items and queries instead of raw words
 * (EXTERNAL-APIS.md §4.3). Every call goes through a RouterPool, so it reuses the router's
 * connection, is bounded in time, and fails with a RouterError only.
 */
import type { RouterRow, RouterTarget } from './router_connection.js'
import type { RouterPool } from './router_pool.js'

/** A parameter value; undefined and null are left out of the command. */
export type RouterValue = string | number | boolean | undefined | null

/** Filters of a `print`. */
export interface PrintOptions {
  /** Equality queries (`?name=value`), all of which must hold. */
  where?: Readonly<Record<string, string>>
  /** Only these properties (`=.proplist=`). */
  proplist?: readonly string[]
}

function attributeWords(values: Readonly<Record<string, RouterValue>>): string[] {
  const words: string[] = []
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === null) continue
    words.push(`=${key}=${String(value)}`)
  }
  return words
}

function queryWords(where: Readonly<Record<string, string>> = {}): string[] {
  return Object.entries(where).map(([key, value]) => `?${key}=${value}`)
}

/** One router's API. */
export class RouterOsClient {
  readonly target: RouterTarget
  #pool: RouterPool

  constructor(target: RouterTarget, pool: RouterPool) {
    this.target = target
    this.#pool = pool
  }

  /** Any command: `/system/resource/print`, `/interface/monitor-traffic`… */
  run(
    path: string,
    values: Readonly<Record<string, RouterValue>> = {},
    queries: readonly string[] = []
  ): Promise<RouterRow[]> {
    return this.#pool.call(this.target, [path, ...attributeWords(values), ...queries])
  }

  /** The items of a menu (`/ppp/secret`) matching `where`; [] when none (also on 7.18+). */
  print(menu: string, options: PrintOptions = {}): Promise<RouterRow[]> {
    const proplist = options.proplist ? { '.proplist': options.proplist.join(',') } : {}
    return this.run(`${menu}/print`, proplist, queryWords(options.where))
  }

  /** How many items match, without transferring them (`=count-only=`). */
  async count(menu: string, where?: Readonly<Record<string, string>>): Promise<number> {
    const [reply] = await this.run(`${menu}/print`, { 'count-only': '' }, queryWords(where))
    return Number(reply?.ret ?? 0)
  }

  /** The first item matching `where`, if any. */
  async find(
    menu: string,
    where: Readonly<Record<string, string>>
  ): Promise<RouterRow | undefined> {
    const [row] = await this.print(menu, { where })
    return row
  }

  /** Add an item; resolves with its `.id`. */
  async add(menu: string, values: Readonly<Record<string, RouterValue>>): Promise<string> {
    const [reply] = await this.run(`${menu}/add`, values)
    return reply?.ret ?? ''
  }

  /** Change an item. */
  async set(menu: string, id: string, values: Readonly<Record<string, RouterValue>>) {
    await this.run(`${menu}/set`, { ...values, '.id': id })
  }

  /** Remove items by `.id`. */
  async remove(menu: string, ids: string | readonly string[]) {
    await this.run(`${menu}/remove`, { '.id': typeof ids === 'string' ? ids : ids.join(',') })
  }

  /** Disable or enable an item. */
  async setDisabled(menu: string, id: string, disabled: boolean) {
    await this.run(`${menu}/${disabled ? 'disable' : 'enable'}`, { '.id': id })
  }
}
