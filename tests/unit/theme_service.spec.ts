import { readFileSync } from 'node:fs'
import { test } from '@japa/runner'
import {
  COLOR_NAMES,
  InvalidThemeError,
  SHADES,
  ThemeService,
  expandScale,
  formToOverrides,
  parseTheme,
  readableTextOn,
  themeToCss,
  validateOverrides,
} from '#services/theme_service'

const themeJson = JSON.parse(readFileSync(new URL('../../theme.json', import.meta.url), 'utf8'))

/** The value of one `--rb-…` declaration in a CSS text. */
function cssVar(css: string, name: string): string | undefined {
  return css.match(new RegExp(`--rb-${name}: ([^;]+);`))?.[1]
}

test.group('theme.json', () => {
  test('is a complete, valid theme', ({ assert }) => {
    const theme = parseTheme(themeJson)
    for (const name of COLOR_NAMES) assert.properties(theme[name], [...SHADES])
  })

  test('every --rb-* variable has a Tailwind token in resources/css/theme.css', ({ assert }) => {
    const tokens = readFileSync(new URL('../../resources/css/theme.css', import.meta.url), 'utf8')
    const names = [...themeToCss(parseTheme(themeJson)).matchAll(/--rb-([\w-]+):/g)].map(
      (m) => m[1]
    )
    assert.isAbove(names.length, 90)
    for (const name of names)
      assert.include(tokens, `var(--rb-${name})`, `--rb-${name} is not mapped`)
  })

  test('a broken theme names the bad key', ({ assert }) => {
    const broken = { ...themeJson, primary: { ...themeJson.primary, 500: 'teal' } }
    assert.throws(() => parseTheme(broken), InvalidThemeError, /"primary\.500"/)
    assert.throws(() => parseTheme({ ...themeJson, font: 'x; } body { display: none' }), /"font"/)
  })
})

test.group('validateOverrides', () => {
  test('keeps valid brand shades and radius, lowercased', ({ assert }) => {
    const { overrides, dropped } = validateOverrides({
      primary: { 500: '#ABCDEF', 600: '#123' },
      radius: '0.75rem',
    })
    assert.deepEqual(overrides, { primary: { 500: '#abcdef', 600: '#123' }, radius: '0.75rem' })
    assert.deepEqual(dropped, [])
  })

  test('drops and reports unknown keys, bad colours, bad lengths and the font', ({ assert }) => {
    const { overrides, dropped } = validateOverrides({
      primary: { 500: 'red', 555: '#fff', 600: '#0f0f0f' },
      secondary: '#fff',
      neutral: { 500: '#000' },
      radius: '1rem; } body { display:none',
      font: 'Comic Sans MS',
    })
    assert.deepEqual(overrides, { primary: { 600: '#0f0f0f' } })
    assert.sameDeepMembers(dropped, [
      { key: 'primary.500', reason: 'invalid_color' },
      { key: 'primary.555', reason: 'unknown_key' },
      { key: 'secondary', reason: 'not_an_object' },
      { key: 'neutral', reason: 'unknown_key' },
      { key: 'radius', reason: 'invalid_length' },
      { key: 'font', reason: 'unknown_key' },
    ])
  })

  test('nothing stored is not an error; a non-object is', ({ assert }) => {
    assert.deepEqual(validateOverrides(null), { overrides: {}, dropped: [] })
    assert.deepEqual(validateOverrides(undefined).dropped, [])
    assert.deepEqual(validateOverrides('#fff').dropped, [
      { key: '(root)', reason: 'not_an_object' },
    ])
  })

  test('radius accepts small CSS lengths only', ({ assert }) => {
    for (const ok of ['0', '4px', '0.5rem', '.25rem', '1em'])
      assert.equal(validateOverrides({ radius: ok }).overrides.radius, ok)
    for (const bad of ['', '1', '-1px', '5vw', '100000px', 'calc(1px)', '1rem 2rem']) {
      assert.isUndefined(validateOverrides({ radius: bad }).overrides.radius, bad)
    }
  })
})

test.group('expandScale', () => {
  test('builds a light-to-dark scale around the base colour', ({ assert }) => {
    const scale = expandScale('#1f8fa9')
    assert.equal(scale['500'], '#1f8fa9')
    assert.properties(scale, [...SHADES])
    const lightness = (hex: string) =>
      Number.parseInt(hex.slice(1, 3), 16) +
      Number.parseInt(hex.slice(3, 5), 16) +
      Number.parseInt(hex.slice(5, 7), 16)
    for (let i = 1; i < SHADES.length; i++) {
      assert.isBelow(
        lightness(scale[SHADES[i]]),
        lightness(scale[SHADES[i - 1]]),
        `${SHADES[i]} darker than ${SHADES[i - 1]}`
      )
    }
    for (const hex of Object.values(scale)) assert.match(hex, /^#[0-9a-f]{6}$/)
  })

  test('accepts #rgb and refuses anything else', ({ assert }) => {
    assert.equal(expandScale('#f00')['500'], '#ff0000')
    assert.throws(() => expandScale('red'), /not a #rgb or #rrggbb colour/)
  })

  test('formToOverrides expands each picked colour and keeps the radius', ({ assert }) => {
    const overrides = formToOverrides({
      primary: '#7c3aed',
      secondary: '',
      accent: null,
      radius: '0.25rem',
    })
    assert.deepEqual(Object.keys(overrides), ['primary', 'radius'])
    assert.equal(overrides.primary?.['500'], '#7c3aed')
    assert.deepEqual(validateOverrides(overrides).dropped, [])
  })

  test('formToOverrides skips a colour that is not a hex code instead of failing the page', ({
    assert,
  }) => {
    assert.deepEqual(formToOverrides({ primary: 'purple', accent: '#f97316' }), {
      accent: expandScale('#f97316'),
    })
  })
})

test.group('ThemeService.cssFor', () => {
  const service = () => new ThemeService(() => themeJson)

  test('without overrides: every default variable, radius and font', ({ assert }) => {
    const css = service().cssFor()
    assert.match(css, /^:root \{\n/)
    assert.equal(cssVar(css, 'primary-500'), themeJson.primary['500'])
    assert.equal(cssVar(css, 'danger-600'), themeJson.danger['600'])
    assert.equal(cssVar(css, 'radius'), themeJson.radius)
    assert.equal(cssVar(css, 'font'), themeJson.font)
    assert.equal(css, service().cssFor({}))
  })

  test('a tenant colour replaces only its shades; invalid input never reaches the CSS', ({
    assert,
  }) => {
    const css = service().cssFor({
      primary: { 600: '#7C3AED' },
      accent: { 500: '</style><script>' },
      radius: '0',
    })
    assert.equal(cssVar(css, 'primary-600'), '#7c3aed')
    assert.equal(cssVar(css, 'primary-500'), themeJson.primary['500'])
    assert.equal(cssVar(css, 'accent-500'), themeJson.accent['500'])
    assert.equal(cssVar(css, 'radius'), '0')
    assert.notInclude(css, '<')
  })

  test('text on a brand colour stays readable when a tenant picks a light one', ({ assert }) => {
    assert.equal(readableTextOn('#17738e'), '#ffffff')
    assert.equal(readableTextOn('#fde047'), '#020617')
    const css = service().cssFor({ primary: expandScale('#fef08a') })
    assert.equal(cssVar(css, 'on-primary'), '#020617')
  })

  test('theme.json is read once', ({ assert }) => {
    let reads = 0
    const counted = new ThemeService(() => {
      reads++
      return themeJson
    })
    counted.cssFor()
    counted.cssFor({ radius: '1rem' })
    assert.equal(counted.theme.radius, themeJson.radius)
    assert.equal(reads, 1)
  })
})
