/*
 * The one place core asks for a plugin. It loads the plugins listed in config/plugins.ts, refuses
 * any whose manifest or contract is wrong, and builds instances per tenant with that tenant's
 * settings, cached by tenant + plugin + settings version.
 */
import type { TenantScope } from '#tenancy/tenant_context'
import { tenantContext } from '#tenancy/tenant_context'
import { errors } from '@vinejs/vine'
import type { PluginKind, PluginManifest, PluginSettings } from './contracts/manifest.js'
import type { PluginSigner } from './contracts/services.js'
import type { AnyPlugin, PluginContracts } from './define_plugin.js'
import type { PluginEntry } from './define_config.js'
import { PluginError } from './errors.js'
import { contractProblems, manifestProblems } from './manifest_validator.js'
import { resolvePluginPackage } from './package_resolver.js'
import { checkServices, createSigner, servicesFor, type PluginHost } from './plugin_services.js'
import {
  compileSettingsValidator,
  placeholderSettings,
  usableWithoutSettings,
  validateSettings,
  type SettingsValidator,
} from './settings_schema.js'

/** A tenant's stored settings of one plugin (decrypted). */
export interface StoredPluginSettings {
  enabled: boolean
  /** Bumped on every save; part of the instance cache key. */
  version: number
  settings: PluginSettings
}

/** Reads the bound tenant's stored settings (PluginSettingsService, wired by the provider). */
export interface PluginSettingsSource {
  read(plugin: string): Promise<StoredPluginSettings | null>
}

/** A plugin that passed the checks. */
export interface RegisteredPlugin {
  manifest: PluginManifest
  definition: AnyPlugin
  /** Compiled once from the manifest's settings fields. */
  validator: SettingsValidator
  /** Where it came from, for messages. */
  source: string
}

/** A plugin instance for the bound tenant, with the settings it was built with. */
export interface PluginHandle<T> {
  manifest: PluginManifest
  enabled: boolean
  /** Pass as `settings` of a DeviceContext. */
  settings: PluginSettings
  instance: T
}

export interface PluginRegistryOptions {
  host: PluginHost
  settings: PluginSettingsSource
  /** Where npm package names are looked up (node_modules folders from the app root up). */
  packageDirectories: readonly string[]
  defaultDevice?: string
}

interface CachedInstance {
  version: number
  handle: Promise<PluginHandle<unknown>>
}

/** Where an entry of config/plugins.ts points, for messages. */
function describeEntry(entry: PluginEntry): string {
  if (typeof entry === 'string') return `package "${entry}"`
  const target = /import\(\s*['"`]([^'"`]+)['"`]\s*\)/.exec(String(entry))?.[1]
  return target ? `config/plugins.ts entry "${target}"` : 'a config/plugins.ts entry'
}

/** Loads, checks and serves plugins (container binding `plugins`). */
export class PluginRegistry {
  #options: PluginRegistryOptions
  #plugins = new Map<string, RegisteredPlugin>()
  #instances = new Map<string, CachedInstance>()

  constructor(options: PluginRegistryOptions) {
    this.#options = options
  }

  /** The device driver of a NAS that names none. */
  get defaultDevice(): string {
    return this.#options.defaultDevice ?? 'radius'
  }

  /** Import and register the config entries, in order; the first bad one stops the boot. */
  async load(entries: readonly PluginEntry[]): Promise<void> {
    for (const entry of entries) {
      const source = describeEntry(entry)
      const module = await this.#import(entry, source)
      await this.register((module as { default?: unknown } | null)?.default ?? module, source)
    }
  }

  async #import(entry: PluginEntry, source: string): Promise<unknown> {
    if (typeof entry !== 'string') {
      try {
        return await entry()
      } catch (error) {
        const message = `Cannot import ${source}: ${(error as Error).message}`
        throw new PluginError(message, 'E_PLUGIN_LOAD', [], { cause: error })
      }
    }
    const url = await resolvePluginPackage(entry, this.#options.packageDirectories)
    try {
      return await import(url.href)
    } catch (error) {
      const message = `Cannot import ${source} (${url.pathname}): ${(error as Error).message}`
      throw new PluginError(message, 'E_PLUGIN_LOAD', [], { cause: error })
    }
  }

  /** Check a plugin definition and register it; throws E_PLUGIN_INVALID or E_PLUGIN_DUPLICATE. */
  async register(definition: unknown, source = 'registered in code'): Promise<RegisteredPlugin> {
    const candidate = (definition ?? {}) as Partial<AnyPlugin>
    const name: unknown = candidate.manifest?.name
    const problems = await manifestProblems(candidate.manifest)
    if (typeof candidate.create !== 'function') problems.push('create must be a function')
    else if (problems.length === 0) {
      problems.push(...(await this.#checkContract(candidate as AnyPlugin)))
    }
    if (problems.length > 0) {
      throw PluginError.invalid(
        typeof name === 'string' ? `"${name}" (${source})` : source,
        problems
      )
    }

    const plugin = candidate as AnyPlugin
    const { manifest } = plugin
    const existing = this.#plugins.get(manifest.name)
    if (existing) {
      throw new PluginError(
        `Plugin "${manifest.name}" is registered twice: by ${existing.source} and by ${source}. ` +
          'Remove one of them from config/plugins.ts.',
        'E_PLUGIN_DUPLICATE'
      )
    }
    const registered: RegisteredPlugin = {
      manifest,
      definition: plugin,
      validator: compileSettingsValidator(manifest.settings),
      source,
    }
    this.#plugins.set(manifest.name, registered)
    return registered
  }

  /** Build an instance with placeholder settings and check it has every method of its kind. */
  async #checkContract(definition: AnyPlugin): Promise<string[]> {
    const { manifest } = definition
    try {
      const services = checkServices(this.#options.host, manifest.name)
      const instance = await definition.create(placeholderSettings(manifest.settings), services)
      const problems = contractProblems(manifest.kind, instance)
      if (problems.length === 0) await instance.close?.()
      return problems
    } catch (error) {
      return [
        `create() failed with placeholder settings (it must not do I/O): ${(error as Error).message}`,
      ]
    }
  }

  /** Whether a plugin of that name is loaded. */
  has(name: string): boolean {
    return this.#plugins.has(name)
  }

  /** A loaded plugin, optionally of one kind; throws E_PLUGIN_UNKNOWN. */
  get(name: string, kind?: PluginKind): RegisteredPlugin {
    const plugin = this.#plugins.get(name)
    if (plugin && (!kind || plugin.manifest.kind === kind)) return plugin
    const what = kind ? `${kind} plugin` : 'plugin'
    const loaded = this.list(kind).map((manifest) => manifest.name)
    throw new PluginError(
      `Unknown ${what} "${name}"` +
        (plugin ? ` (it is a ${plugin.manifest.kind} plugin)` : '') +
        `. Plugins are listed in config/plugins.ts; loaded: ${loaded.join(', ') || 'none'}.`,
      'E_PLUGIN_UNKNOWN'
    )
  }

  /** Manifests of the loaded plugins (of one kind), in load order. */
  list(kind?: PluginKind): PluginManifest[] {
    return [...this.#plugins.values()]
      .map((plugin) => plugin.manifest)
      .filter((manifest) => !kind || manifest.kind === kind)
  }

  /** The plugin's instance for the bound tenant, built with its current settings. */
  async use<K extends PluginKind>(
    kind: K,
    name: string
  ): Promise<PluginHandle<PluginContracts[K]>> {
    const plugin = this.get(name, kind)
    const scope = tenantContext.require()
    const stored = await this.#options.settings.read(name)
    const key = `${scope.tenant.id}\u0000${name}`
    const version = stored?.version ?? 0
    const cached = this.#instances.get(key)
    if (cached?.version === version)
      return cached.handle as Promise<PluginHandle<PluginContracts[K]>>

    const handle = this.#build(plugin, stored, scope)
    this.#instances.set(key, { version, handle })
    handle.catch(() => this.#instances.get(key)?.handle === handle && this.#instances.delete(key))
    if (cached) await this.#dispose(cached)
    return handle as Promise<PluginHandle<PluginContracts[K]>>
  }

  /** A device driver for the bound tenant (the default one when no name is given). */
  device(name: string = this.defaultDevice) {
    return this.use('device', name)
  }

  /** A payment gateway for the bound tenant. */
  payment(name: string) {
    return this.use('payment', name)
  }

  async #build(
    plugin: RegisteredPlugin,
    stored: StoredPluginSettings | null,
    scope: TenantScope
  ): Promise<PluginHandle<unknown>> {
    const { manifest } = plugin
    let settings: PluginSettings
    try {
      settings = await validateSettings(manifest.settings, plugin.validator, {
        ...stored?.settings,
      })
    } catch (error) {
      if (!(error instanceof errors.E_VALIDATION_ERROR)) throw error
      const problems = (error.messages as { field: string; message: string }[]).map(
        (issue) => `${issue.field}: ${issue.message}`
      )
      throw new PluginError(
        `Plugin "${manifest.name}" is not configured for tenant "${scope.tenant.slug}": ` +
          `${problems.join('; ')}. Fill in its settings under Settings → Plugins.`,
        'E_PLUGIN_SETTINGS',
        problems
      )
    }
    const services = servicesFor(this.#options.host, manifest.name, scope)
    const instance = await plugin.definition.create(settings, services)
    const problems = contractProblems(manifest.kind, instance)
    if (problems.length > 0)
      throw PluginError.invalid(`"${manifest.name}" (${plugin.source})`, problems)
    const enabled = stored?.enabled ?? usableWithoutSettings(manifest.settings)
    return { manifest, enabled, settings, instance }
  }

  /** Drop a tenant's cached instance of a plugin (after its settings were saved). */
  async invalidate(tenantId: number, name: string): Promise<void> {
    const key = `${tenantId}\u0000${name}`
    const cached = this.#instances.get(key)
    this.#instances.delete(key)
    if (cached) await this.#dispose(cached)
  }

  async #dispose(cached: CachedInstance) {
    const handle = await cached.handle.catch(() => undefined)
    await (handle?.instance as { close?: () => Promise<void> } | undefined)?.close?.()
  }

  /** The signer a plugin's services use: core signs internal payloads for it (e.g. `manual`). */
  signer(name: string): PluginSigner {
    return createSigner(this.#options.host.appKey, this.get(name).manifest.name)
  }

  /** Close every cached instance (on shutdown). */
  async closeAll(): Promise<void> {
    const cached = [...this.#instances.values()]
    this.#instances.clear()
    await Promise.all(cached.map((entry) => this.#dispose(entry)))
  }
}
