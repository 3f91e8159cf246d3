/**
 * One entry of config/plugins.ts: a lazy import of a plugin module (built-ins, or any package
 * with unusual exports), or the name of an installed npm package.
 */
export type PluginEntry = string | (() => Promise<unknown>)

/** The plugins config: which plugins the app loads at boot. */
export interface PluginsConfig {
  plugins: readonly PluginEntry[]
  /** Device driver of a NAS that names none. */
  defaultDevice: string
}

/** Typed helper for config/plugins.ts. */
export function definePluginsConfig(config: PluginsConfig): PluginsConfig {
  return config
}
