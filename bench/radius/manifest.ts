/*
 * What bench/radius/setup.ts loaded, as the load generators and the FreeRADIUS configuration
 * read it (tmp/bench/radius/manifest.json), and the users and packets both servers are sent.
 */
import { readFileSync } from 'node:fs'

/** One benchmark tenant: its database, its NAS and how many users it holds. */
export interface BenchTenant {
  index: number
  slug: string
  dbName: string
  /** NAS-Identifier of its NAS (all NAS share 127.0.0.1). */
  nasIdentifier: string
  /** The NAS's shared secret on our server (FreeRADIUS uses one secret for 127.0.0.1). */
  secret: string
  users: number
}

/** The whole data set. */
export interface BenchManifest {
  createdAt: string
  tenants: BenchTenant[]
}

/** Reads the manifest written by setup.ts. */
export function readManifest(path: string): BenchManifest {
  return JSON.parse(readFileSync(path, 'utf8')) as BenchManifest
}

/** The users of tenant `t`: `b<t>u<j>` with password `p<t>x<j>`. */
export function userOf(tenant: number, index: number) {
  return { username: `b${tenant}u${index}`, password: `p${tenant}x${index}` }
}

/** A MikroTik-style MAC for a number. */
export function macOf(n: number): string {
  const hex = (n >>> 0).toString(16).padStart(8, '0').toUpperCase()
  return `02:BB:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}:${hex.slice(6, 8)}`
}

/** A small seeded PRNG (mulberry32): both servers get the same sequence of users. */
export function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
