/*
 * What a plugin declares about itself: who it is, which contract it implements and which
 * settings a tenant fills in. The registry validates it (manifest_validator.ts) and builds both
 * the settings validator and the settings form from `settings` (settings_schema.ts).
 */

/** The two kinds of plugin, mirroring PHPNuxBill's device and payment-gateway plugins. */
export const PLUGIN_KINDS = ['device', 'payment'] as const
export type PluginKind = (typeof PLUGIN_KINDS)[number]

/** Types of a settings field; each maps to one VineJS rule and one form control. */
export const SETTING_TYPES = ['string', 'secret', 'number', 'boolean', 'select', 'url'] as const
export type SettingType = (typeof SETTING_TYPES)[number]

/** A text in both languages of the panel. */
export interface LocalizedText {
  readonly id: string
  readonly en: string
}

/** One choice of a `select` field. */
export interface SettingOption {
  readonly value: string
  readonly label: LocalizedText
}

/**
 * One setting a tenant fills in. `secret` values are stored encrypted like the rest, are never
 * sent back to the browser, and keep their stored value when the field is left empty.
 */
export interface SettingField {
  /** camelCase key in the settings object (`enabled` is reserved for the form). */
  readonly name: string
  readonly type: SettingType
  readonly label: LocalizedText
  /** Boolean fields are never required: an unchecked box means false. */
  readonly required?: boolean
  /** Choices of a `select` field (required for it, refused on other types). */
  readonly options?: readonly SettingOption[]
  /** Value used while the tenant has not set one; must match the field's type. */
  readonly default?: string | number | boolean
  readonly help?: LocalizedText
}

/** Describes a plugin. `name` is what config, NAS rows and payments refer to. */
export interface PluginManifest<
  K extends PluginKind = PluginKind,
  F extends readonly SettingField[] = readonly SettingField[],
> {
  /** npm-style: lower case, digits, `-`, `_`, `.`, optionally `@scope/`. */
  readonly name: string
  readonly kind: K
  /** Semantic version (https://semver.org), e.g. 1.4.0. */
  readonly version: string
  readonly displayName: string
  readonly description: string
  readonly settings: F
}

/** A settings value as validated: text, number or boolean. */
export type SettingValue = string | number | boolean

/** Validated settings of one plugin for one tenant, keyed by field name. */
export type PluginSettings = Readonly<Record<string, SettingValue | undefined>>

type ValueOf<Field extends SettingField> = Field extends {
  type: 'select'
  options: readonly { value: infer V }[]
}
  ? V
  : Field['type'] extends 'number'
    ? number
    : Field['type'] extends 'boolean'
      ? boolean
      : string

/** Fields always present after validation: required, defaulted, or boolean. */
type Present<Field extends SettingField> = Field extends { required: true }
  ? true
  : Field extends { default: SettingValue }
    ? true
    : Field['type'] extends 'boolean'
      ? true
      : false

/** The settings object a plugin's `create()` receives, inferred from its field list. */
export type SettingsOf<Fields extends readonly SettingField[]> =
  string extends Fields[number]['name'] ? PluginSettings : InferredSettings<Fields>

type InferredSettings<Fields extends readonly SettingField[]> = {
  readonly [
    Field in Fields[number] as Present<Field> extends true ? Field['name'] : never
  ]: ValueOf<Field>
} & {
  readonly [
    Field in Fields[number] as Present<Field> extends true ? never : Field['name']
  ]?: ValueOf<Field>
}
