/*
 * Adds our vendor dictionaries (MikroTik 14988, Microsoft 311) to the `radius` package, whose
 * dictionaries are global module state and ship without either vendor.
 */
import { fileURLToPath } from 'node:url'
import { radius } from '../codec/radius_package.js'

/**
 * Dictionary files in this folder, FreeRADIUS format.
 */
export const DICTIONARY_FILES: readonly string[] = [
  'dictionary.mikrotik',
  'dictionary.microsoft',
].map((name) => fileURLToPath(new URL(`./${name}`, import.meta.url)))

let loaded = false

/**
 * Loads the package's RFC dictionaries and ours, once per process. `add_dictionary` would be
 * ignored if anything had already triggered the package's lazy load, so our files are parsed
 * directly with `load_dictionary` after the RFC ones.
 */
export function loadDictionaries(): void {
  if (loaded) return
  radius.load_dictionaries()
  for (const file of DICTIONARY_FILES) radius.load_dictionary(file)
  loaded = true
}
