import type { DeviceDriver } from './contracts/device_driver.js'
import type { PaymentGateway } from './contracts/payment_gateway.js'
import type { PluginServices } from './contracts/services.js'
import type {
  PluginKind,
  PluginManifest,
  PluginSettings,
  SettingField,
  SettingsOf,
} from './contracts/manifest.js'

/** The contract each kind of plugin implements. */
export interface PluginContracts {
  device: DeviceDriver
  payment: PaymentGateway
}

/**
 * A plugin module's default export. `create` is called once per tenant and settings version; it
 * must do no I/O (the registry also calls it with placeholder settings to check the contract),
 * so connect lazily in the methods.
 */
export interface PluginDefinition<
  K extends PluginKind = PluginKind,
  F extends readonly SettingField[] = readonly SettingField[],
> {
  manifest: PluginManifest<K, F>
  create(
    settings: SettingsOf<F>,
    services: PluginServices
  ): PluginContracts[K] | Promise<PluginContracts[K]>
}

/**
 * Any plugin, whatever its kind and settings: what the registry holds and the conformance kit
 * takes. (A structural type: TypeScript compares PluginDefinition<K, F> instantiations as
 * invariant in F, so a specific plugin would not fit PluginDefinition<PluginKind>.)
 */
export interface AnyPlugin {
  manifest: PluginManifest
  create(
    settings: PluginSettings,
    services: PluginServices
  ): PluginContracts[PluginKind] | Promise<PluginContracts[PluginKind]>
}

/**
 * Declares a plugin; only adds types (`settings` is inferred from the manifest's fields). A plugin
 * published on npm may export the same `{ manifest, create }` object without it.
 */
export function definePlugin<const K extends PluginKind, const F extends readonly SettingField[]>(
  definition: PluginDefinition<K, F>
): PluginDefinition<K, F> {
  return definition
}
