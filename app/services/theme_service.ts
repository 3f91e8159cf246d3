/*
 * The look of the product: the palette in theme.json, optionally re-branded per tenant, turned into
 * the `--rb-*` CSS variables that Tailwind's colour tokens point at (resources/css/theme.css).
 * Everything but the ThemeService default export is pure, so vite.config.ts builds the default
 * variables with the same code.
 */
import { readFileSync } from 'node:fs'
import app from '@adonisjs/core/services/app'

/** Shade steps every colour scale has (Tailwind's). */
export const SHADES = [
  '50',
  '100',
  '200',
  '300',
  '400',
  '500',
  '600',
  '700',
  '800',
  '900',
  '950',
] as const
export type Shade = (typeof SHADES)[number]
export type ColorScale = Record<Shade, string>

/** Every colour scale of theme.json. */
export const COLOR_NAMES = [
  'primary',
  'secondary',
  'accent',
  'neutral',
  'success',
  'warning',
  'danger',
  'info',
] as const
export type ColorName = (typeof COLOR_NAMES)[number]

/** theme.json: the colour scales, the base corner radius and a system font stack. */
export type Theme = Record<ColorName, ColorScale> & { radius: string; font: string }

/**
 * Scales a tenant may re-brand. Neutrals and status colours keep their meaning and contrast, and
 * the font is never overridable, so no free text from a tenant can ever reach the CSS.
 */
export const BRAND_COLORS = ['primary', 'secondary', 'accent'] as const
export type BrandColor = (typeof BRAND_COLORS)[number]

/** What a tenant may store: any shades of a brand colour and the radius. */
export type ThemeOverrides = { [K in BrandColor]?: Partial<ColorScale> } & { radius?: string }

/** Fields of the tenant theme form: one base colour per brand scale (expanded), and the radius. */
export const THEME_FORM_FIELDS = ['primary', 'secondary', 'accent', 'radius'] as const
export type ThemeFormField = (typeof THEME_FORM_FIELDS)[number]

/** `#rgb` or `#rrggbb`; use with `vine.string().regex(HEX_COLOR)`. */
export const HEX_COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i

/** A small CSS length such as `0`, `6px`, `0.5rem`; use with `vine.string().regex(CSS_LENGTH)`. */
export const CSS_LENGTH = /^(?:0|(?:\d{1,2}(?:\.\d{1,3})?|\.\d{1,3})(?:rem|em|px))$/

/** A font stack: names, quotes, commas and spaces only (nothing that could end a declaration). */
const FONT_STACK = /^[\w\s,"'-]+$/

/** Why an override was left out. */
export interface DroppedOverride {
  key: string
  reason: 'unknown_key' | 'not_an_object' | 'invalid_color' | 'invalid_length'
}

/** theme.json is not the expected shape. */
export class InvalidThemeError extends Error {
  code = 'E_INVALID_THEME'
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Checks theme.json; throws an error naming the bad key so it can be fixed. */
export function parseTheme(raw: unknown): Theme {
  const fail = (key: string, what: string) => {
    throw new InvalidThemeError(`theme.json: "${key}" must be ${what}`)
  }
  if (!isRecord(raw)) fail('(root)', 'an object')
  const theme = raw as Record<string, unknown>
  for (const name of COLOR_NAMES) {
    const scale = theme[name]
    if (!isRecord(scale)) fail(name, `an object of shades ${SHADES.join(', ')}`)
    for (const shade of SHADES) {
      const value = (scale as Record<string, unknown>)[shade]
      if (typeof value !== 'string' || !HEX_COLOR.test(value))
        fail(`${name}.${shade}`, 'a #rgb or #rrggbb colour')
    }
  }
  if (typeof theme.radius !== 'string' || !CSS_LENGTH.test(theme.radius))
    fail('radius', 'a CSS length like 0.5rem')
  if (typeof theme.font !== 'string' || !FONT_STACK.test(theme.font)) fail('font', 'a font stack')
  return theme as Theme
}

/** Keeps the valid part of a tenant's overrides and lists what was dropped, and why. */
export function validateOverrides(input: unknown): {
  overrides: ThemeOverrides
  dropped: DroppedOverride[]
} {
  const overrides: ThemeOverrides = {}
  const dropped: DroppedOverride[] = []
  if (!isRecord(input))
    return {
      overrides,
      dropped:
        input === null || input === undefined ? [] : [{ key: '(root)', reason: 'not_an_object' }],
    }

  for (const [key, value] of Object.entries(input)) {
    if (key === 'radius') {
      if (typeof value === 'string' && CSS_LENGTH.test(value)) overrides.radius = value
      else dropped.push({ key, reason: 'invalid_length' })
    } else if ((BRAND_COLORS as readonly string[]).includes(key)) {
      if (!isRecord(value)) {
        dropped.push({ key, reason: 'not_an_object' })
        continue
      }
      const scale: Partial<ColorScale> = {}
      for (const [shade, color] of Object.entries(value)) {
        if (!(SHADES as readonly string[]).includes(shade))
          dropped.push({ key: `${key}.${shade}`, reason: 'unknown_key' })
        else if (typeof color !== 'string' || !HEX_COLOR.test(color))
          dropped.push({ key: `${key}.${shade}`, reason: 'invalid_color' })
        else scale[shade as Shade] = color.toLowerCase()
      }
      if (Object.keys(scale).length) overrides[key as BrandColor] = scale
    } else {
      dropped.push({ key, reason: 'unknown_key' })
    }
  }
  return { overrides, dropped }
}

function toRgb(hex: string): [number, number, number] {
  if (!HEX_COLOR.test(hex)) throw new TypeError(`"${hex}" is not a #rgb or #rrggbb colour`)
  const digits = hex.length === 4 ? [...hex.slice(1)].map((d) => d + d).join('') : hex.slice(1)
  return [0, 2, 4].map((i) => Number.parseInt(digits.slice(i, i + 2), 16)) as [
    number,
    number,
    number,
  ]
}

function toHex(rgb: number[]): string {
  return `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`
}

/** How far each shade moves from the base: toward white (+) or black (−). */
const SHADE_MIX: Record<Shade, number> = {
  50: 0.95,
  100: 0.88,
  200: 0.74,
  300: 0.54,
  400: 0.28,
  500: 0,
  600: -0.16,
  700: -0.32,
  800: -0.46,
  900: -0.58,
  950: -0.74,
}

/** A full 50…950 scale around one chosen colour (it becomes the 500 shade). */
export function expandScale(base: string): ColorScale {
  const rgb = toRgb(base)
  const scale = {} as ColorScale
  for (const shade of SHADES) {
    const t = SHADE_MIX[shade]
    scale[shade] = toHex(rgb.map((c) => (t >= 0 ? c + (255 - c) * t : c * (1 + t))))
  }
  return scale
}

/**
 * Turns the theme form (one base colour per brand scale, radius) into overrides. A colour that is
 * not a hex code is skipped rather than thrown on, since this also runs on every page view.
 */
export function formToOverrides(
  values: Partial<Record<ThemeFormField, string | null>>
): ThemeOverrides {
  const overrides: ThemeOverrides = {}
  for (const name of BRAND_COLORS) {
    const base = values[name]
    if (base && HEX_COLOR.test(base)) overrides[name] = expandScale(base)
  }
  if (values.radius) overrides.radius = values.radius
  return overrides
}

/** Relative luminance as WCAG 2.x defines it (the basis of its contrast ratio). */
function luminance(hex: string): number {
  const [r, g, b] = toRgb(hex).map((c) => {
    const s = c / 255
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

const DARK_TEXT = '#020617'

/** White or near-black, whichever contrasts more with the colour (a tenant may pick a light brand). */
export function readableTextOn(hex: string): string {
  const l = luminance(hex)
  const onWhite = 1.05 / (l + 0.05)
  const onDark = (l + 0.05) / (luminance(DARK_TEXT) + 0.05)
  return onWhite >= onDark ? '#ffffff' : DARK_TEXT
}

/** The `:root { --rb-…: … }` block for a full theme. */
export function themeToCss(theme: Theme): string {
  const lines: string[] = []
  for (const name of COLOR_NAMES) {
    for (const shade of SHADES) lines.push(`--rb-${name}-${shade}: ${theme[name][shade]};`)
  }
  for (const name of BRAND_COLORS)
    lines.push(`--rb-on-${name}: ${readableTextOn(theme[name]['600'])};`)
  lines.push(`--rb-radius: ${theme.radius};`, `--rb-font: ${theme.font};`)
  return `:root {\n  ${lines.join('\n  ')}\n}\n`
}

/** Merges a theme with already validated overrides. */
export function mergeTheme(theme: Theme, overrides: ThemeOverrides): Theme {
  const merged: Theme = { ...theme, radius: overrides.radius ?? theme.radius }
  for (const name of BRAND_COLORS) merged[name] = { ...theme[name], ...overrides[name] }
  return merged
}

/** theme.json read once, and the CSS for a tenant's (stored, possibly stale) overrides. */
export class ThemeService {
  #load: () => unknown
  #theme?: Theme
  #defaultCss?: string

  constructor(load: () => unknown) {
    this.#load = load
  }

  /** The palette of theme.json. */
  get theme(): Theme {
    this.#theme ??= parseTheme(this.#load())
    return this.#theme
  }

  /**
   * The `:root` block for a page; invalid overrides are silently left out here (report them with
   * `validateOverrides` when the tenant saves its settings).
   */
  cssFor(overrides?: unknown): string {
    const { overrides: valid } = validateOverrides(overrides)
    if (Object.keys(valid).length) return themeToCss(mergeTheme(this.theme, valid))
    this.#defaultCss ??= themeToCss(this.theme)
    return this.#defaultCss
  }
}

const themeService = new ThemeService(() =>
  JSON.parse(readFileSync(app.makePath('theme.json'), 'utf8'))
)
export default themeService
