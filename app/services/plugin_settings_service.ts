import db from '@adonisjs/lucid/services/db'
import encryption from '@adonisjs/core/services/encryption'
import type { MessagesProviderContact } from '@vinejs/vine/types'
import plugins from '#plugins/main'
import { tenantContext } from '#tenancy/tenant_context'
import { sqlTimestamp } from '#helpers/sql_timestamp'
import { PluginError } from '#plugins/errors'
import type { PluginKind, PluginManifest, PluginSettings } from '#plugins/contracts/manifest'
import type { StoredPluginSettings } from '#plugins/plugin_registry'
import {
  keepStoredSecrets,
  settingsForm,
  usableWithoutSettings,
  validateSettings,
  type SettingsFormField,
} from '#plugins/settings_schema'

const TABLE = 'plugin_settings'

/** A plugin as the tenant's plugin page lists it. */
export interface PluginSummary {
  manifest: PluginManifest
  enabled: boolean
  /** Whether the tenant ever saved its settings. */
  configured: boolean
}

/** What a save takes: raw values (strings from the form are fine) and the enabled flag. */
export interface PluginSettingsInput {
  enabled: boolean
  settings: Record<string, unknown>
}

/**
 * The bound tenant's settings of each plugin, stored encrypted (APP_KEY, with the plugin name as
 * purpose, so a row cannot be copied onto another plugin) in the tenant's `plugin_settings`.
 */
export class PluginSettingsService {
  static #db() {
    return db.connection(tenantContext.require().connectionName)
  }

  static #purpose(name: string) {
    return `plugin-settings:${name}`
  }

  /** Stored settings, decrypted, or null when the tenant never saved any. */
  static async read(name: string): Promise<StoredPluginSettings | null> {
    const row = await this.#db().from(TABLE).where('plugin_name', name).first()
    if (!row) return null
    const settings = encryption.decrypt<PluginSettings>(row.settings, this.#purpose(name))
    if (settings === null) {
      throw new PluginError(
        `The stored settings of plugin "${name}" cannot be decrypted (was APP_KEY changed?); save them again`,
        'E_PLUGIN_SETTINGS'
      )
    }
    return { enabled: Boolean(row.enabled), version: Number(row.version), settings }
  }

  /** Every loaded plugin of a kind with the tenant's enabled flag. */
  static async list(kind: PluginKind): Promise<PluginSummary[]> {
    const rows = await this.#db().from(TABLE).select('plugin_name', 'enabled')
    const stored = new Map(rows.map((row) => [row.plugin_name as string, Boolean(row.enabled)]))
    return plugins.list(kind).map((manifest) => ({
      manifest,
      enabled: stored.get(manifest.name) ?? usableWithoutSettings(manifest.settings),
      configured: stored.has(manifest.name),
    }))
  }

  /** The settings form of a plugin, filled with the stored values (secrets never included). */
  static async form(name: string, locale: string) {
    const { manifest } = plugins.get(name)
    const stored = await this.read(name)
    const fields: SettingsFormField[] = settingsForm(
      manifest.settings,
      stored?.settings ?? null,
      locale
    )
    return {
      manifest,
      enabled: stored?.enabled ?? usableWithoutSettings(manifest.settings),
      fields,
    }
  }

  /**
   * Validate through the manifest (an empty secret keeps its stored value), encrypt and store,
   * then drop the tenant's cached instance. Throws a VineJS E_VALIDATION_ERROR when invalid.
   */
  static async save(
    name: string,
    input: PluginSettingsInput,
    options: { messagesProvider?: MessagesProviderContact } = {}
  ): Promise<StoredPluginSettings> {
    const plugin = plugins.get(name)
    const fields = plugin.manifest.settings
    const stored = await this.read(name)
    const settings = await validateSettings(
      fields,
      plugin.validator,
      keepStoredSecrets(fields, input.settings, stored?.settings ?? null),
      options
    )
    await this.#write(name, input.enabled, settings, stored !== null)
    await plugins.invalidate(tenantContext.require().tenant.id, name)
    return { enabled: input.enabled, version: (stored?.version ?? 0) + 1, settings }
  }

  /** Enable (the stored settings must be complete) or disable a plugin. */
  static async setEnabled(
    name: string,
    enabled: boolean,
    options: { messagesProvider?: MessagesProviderContact } = {}
  ): Promise<void> {
    const stored = await this.read(name)
    if (enabled) {
      await this.save(name, { enabled, settings: { ...stored?.settings } }, options)
      return
    }
    plugins.get(name) // refuses an unknown name before anything is written
    await this.#write(name, false, stored?.settings ?? {}, stored !== null)
    await plugins.invalidate(tenantContext.require().tenant.id, name)
  }

  static async #write(name: string, enabled: boolean, settings: PluginSettings, exists: boolean) {
    const sealed = encryption.encrypt(settings, { purpose: this.#purpose(name) })
    const now = sqlTimestamp()
    const client = this.#db()
    if (exists) {
      await client
        .from(TABLE)
        .where('plugin_name', name)
        // Incremented in SQL: a concurrent save elsewhere still yields a new version.
        .update({ enabled, settings: sealed, version: client.raw('version + 1'), updated_at: now })
      return
    }
    await client.table(TABLE).insert({
      plugin_name: name,
      enabled,
      settings: sealed,
      version: 1,
      created_at: now,
      updated_at: now,
    })
  }
}
