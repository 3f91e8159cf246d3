/*
 * Browser tests: Debian's Chromium driven by playwright-core (never a downloaded browser), one
 * browser per Japa group, screenshots under tests/browser/screenshots, and the UI strings read
 * from resources/lang so assertions follow the real translations.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core'
import type { Group } from '@japa/runner/core'
import app from '@adonisjs/core/services/app'
import env from '#start/env'

/** The system Chromium (`apt-get install -y chromium`). */
export const CHROMIUM_PATH = '/usr/bin/chromium'

/** The flags every run uses; playwright's `launch` adds a fresh temporary profile of its own. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export const SCREENSHOT_DIR = app.makePath('tests/browser/screenshots')

/** How long one wait (element, navigation, response) may take before the test fails. */
export const WAIT_TIMEOUT = 60_000

/** `http://localhost:3334` for the platform, `http://<slug>.localhost:3334` for a tenant. */
export function urlOf(path = '/', slug?: string) {
  const host = slug ? `${slug}.${env.get('APP_DOMAIN')}` : env.get('APP_DOMAIN')
  return `http://${host}:${env.get('PORT')}${path}`
}

/** Launch the system Chromium; a missing binary is an error with the fix in it, never a skip. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}. The browser tests use the system browser: ` +
        'run `apt-get update && apt-get install -y chromium` (they never download one).'
    )
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  })
}

/**
 * One browser for the tests of a group: launched in the group's setup, closed in its teardown.
 * Returns a getter; when the launch failed, every test of the group fails with the reason.
 */
export function browserFor(group: Group) {
  let browser: Browser | undefined
  let failure: unknown
  group.setup(async () => {
    try {
      browser = await launchChromium()
    } catch (error) {
      failure = error
    }
  })
  group.teardown(async () => {
    await browser?.close()
    browser = undefined
  })
  return () => {
    if (failure) throw failure
    if (!browser) throw new Error('the browser of this group is not running')
    return browser
  }
}

/** What went wrong on a page that no assertion would see: script errors and assets that failed. */
export interface PageProblems {
  problems: string[]
}

/**
 * A fresh context (own cookies and storage) with short waits, and a page that records script
 * errors and failed scripts or stylesheets (a page without its CSS must not pass).
 */
export async function openPage(browser: Browser, options: BrowserContextOptions = {}) {
  const context: BrowserContext = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    colorScheme: 'light',
    ...options,
  })
  context.setDefaultTimeout(WAIT_TIMEOUT)
  context.setDefaultNavigationTimeout(WAIT_TIMEOUT)
  const page = await context.newPage()
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(`script error on ${page.url()}: ${error.message}`))
  page.on('requestfailed', (request) => {
    if (['stylesheet', 'script'].includes(request.resourceType())) {
      problems.push(
        `${request.resourceType()} ${request.url()} failed: ${request.failure()?.errorText}`
      )
    }
  })
  page.on('response', (response) => {
    const type = response.request().resourceType()
    if (['stylesheet', 'script'].includes(type) && response.status() >= 400) {
      problems.push(`${type} ${response.url()} answered ${response.status()}`)
    }
  })
  return { context, page, problems }
}

/**
 * Evaluate a JavaScript expression in the page. In-page code is written as a string because
 * the app's TypeScript setup has no DOM types (and should not get them for the server's sake).
 */
export function inPage<T = unknown>(page: Page, expression: string): Promise<T> {
  return page.evaluate<T>(expression)
}

/**
 * Resolves once the page's scripts ran: app.js ends with Alpine.start(), which removes every
 * `x-cloak` (and app.js is where the dark-mode toggle and the DataTables are wired).
 */
export async function scriptsReady(page: Page) {
  await page.waitForFunction(
    "document.readyState === 'complete' && !document.querySelector('[x-cloak]')"
  )
}

/**
 * Tailwind's CSS is applied: `.sr-only` (in both layouts) is taken out of the flow. False when
 * the stylesheet did not load.
 */
export function isStyled(page: Page) {
  return inPage<boolean>(
    page,
    "(() => { const element = document.querySelector('.sr-only'); return !!element && getComputedStyle(element).position === 'absolute' })()"
  )
}

/** Save `tests/browser/screenshots/<name>.png` (whole page, transitions finished). */
export async function screenshot(page: Page, name: string) {
  await mkdir(SCREENSHOT_DIR, { recursive: true })
  const path = join(SCREENSHOT_DIR, name.endsWith('.png') ? name : `${name}.png`)
  await page.screenshot({ path, fullPage: true, animations: 'disabled' })
  return path
}

type Messages = Record<string, unknown>
const catalogues = new Map<string, Messages>()

/** Every message of a language, as in resources/lang/<locale>/<file>.json (`nav.dashboard`). */
function catalogue(locale: string): Messages {
  let messages = catalogues.get(locale)
  if (!messages) {
    messages = {}
    const folder = app.makePath('resources/lang', locale)
    for (const file of readdirSync(folder).filter((name) => name.endsWith('.json'))) {
      messages[file.replace(/\.json$/, '')] = JSON.parse(readFileSync(join(folder, file), 'utf8'))
    }
    catalogues.set(locale, messages)
  }
  return messages
}

/** A UI string in `locale` (`id` or `en`), straight from the language files, e.g. t('id', 'nav.dashboard'). */
export function t(locale: string, key: string): string {
  const value = key
    .split('.')
    .reduce<unknown>((node, part) => (node as Messages | undefined)?.[part], catalogue(locale))
  if (typeof value !== 'string') throw new Error(`no message "${key}" in resources/lang/${locale}`)
  return value
}
