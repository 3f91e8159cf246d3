/*
 * Typed boundary of the untyped `radius` npm package (1.1.4, CommonJS). Only the members we
 * call are declared. Its dictionaries are global module state.
 */
import { createRequire } from 'node:module'
import type { OutgoingAttribute, RawAttribute } from './types.js'

/**
 * What `radius.decode` returns (we always decode with `no_secret`).
 */
export interface PackageDecoded {
  code: string
  identifier: number
  attributes: Record<string, unknown>
  raw_attributes: RawAttribute[]
}

interface RadiusPackage {
  load_dictionaries(): void
  load_dictionary(file: string): void
  decode(args: { packet: Buffer; no_secret: true }): PackageDecoded
  encode_attributes(
    target: Buffer,
    attributes: readonly OutgoingAttribute[],
    vendor: number
  ): number
}

/**
 * The package's "no vendor" key for top-level attributes.
 */
export const NO_VENDOR = -1

/**
 * The `radius` module object; call its functions as methods (they use `this`).
 */
export const radius = createRequire(import.meta.url)('radius') as RadiusPackage
