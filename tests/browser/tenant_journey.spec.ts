/*
 * The whole tenant journey in a real browser (Debian's Chromium through playwright-core), as a
 * person does it: sign up on the platform host, watch the provisioning, log in on the tenant's
 * subdomain, switch language and dark mode, add a Cashier, and see what the Cashier may not do;
 * then the dashboard on a phone. Screenshots land in tests/browser/screenshots.
 */
import { randomBytes } from 'node:crypto'
import { test } from '@japa/runner'
import type { Page } from 'playwright-core'
import {
  browserFor,
  inPage,
  isStyled,
  openPage,
  screenshot,
  scriptsReady,
  t,
  urlOf,
} from '#tests/helpers/browser'
import { ownerOf, tenantFixture, TEST_PASSWORD } from '#tests/helpers/tenants'

/** The language the page was rendered in (`<html lang>`). */
async function pageLocale(page: Page) {
  return (await page.locator('html').getAttribute('lang')) ?? ''
}

/** Whether the page is drawn dark. */
function isDark(page: Page) {
  return inPage<boolean>(page, "document.documentElement.classList.contains('dark')")
}

/** The sidebar that is on screen (the desktop column; the phone drawer only once opened). */
function sidebar(page: Page, locale: string) {
  return page.getByRole('navigation', { name: t(locale, 'common.main_navigation') })
}

/** Fill and submit the log-in form on the current page; resolves on the page it lands on. */
async function logIn(page: Page, email: string, password: string) {
  await page.locator('#email').fill(email)
  await page.locator('#password').fill(password)
  await Promise.all([
    page.waitForURL((url) => url.pathname !== '/login'),
    page.locator('form[action="/login"] [type=submit]').click(),
  ])
  await scriptsReady(page)
}

test.group('Browser: sign-up to staff roles', (group) => {
  const browser = browserFor(group)

  test('a new ISP signs up, logs in, sets its preferences, adds a Cashier who is refused the staff page', async ({
    assert,
  }) => {
    const { context, page, problems } = await openPage(browser())
    try {
      const slug = `web-${randomBytes(3).toString('hex')}`
      const owner = { email: `owner@${slug}.test`, password: 'rahasia-owner-42' }
      const cashier = {
        name: 'Kasir Satu',
        email: `kasir@${slug}.test`,
        password: 'rahasia-kasir-42',
      }

      // 1. Sign up on the platform host and watch the provisioning reach 100 %.
      await page.goto(urlOf('/signup'))
      await scriptsReady(page)
      assert.isTrue(
        await isStyled(page),
        'the sign-up page has no CSS: the Vite assets did not load'
      )
      await page.locator('#businessName').fill('Warung Net Browser')
      await page.locator('#subdomain').fill(slug)
      await page.locator('#email').fill(owner.email)
      await page.locator('#password').fill(owner.password)
      await Promise.all([
        page.waitForURL(/\/signup\/progress\/[0-9a-f-]{36}$/),
        page.locator('form[action="/signup"] [type=submit]').click(),
      ])
      await page.locator('#signup-progress[aria-valuenow="100"]').waitFor()
      const goToLogin = page.locator('#go-to-login')
      await goToLogin.waitFor({ state: 'visible' })
      await page.waitForFunction("!!document.querySelector('#go-to-login')?.getAttribute('href')")
      assert.equal(await goToLogin.getAttribute('href'), urlOf('/login', slug))
      await screenshot(page, '01_signup_progress')

      // 2. Follow the link to the tenant's host and log in as the Owner: the panel is in Indonesian.
      await Promise.all([page.waitForURL(urlOf('/login', slug)), goToLogin.click()])
      await scriptsReady(page)
      await logIn(page, owner.email, owner.password)
      assert.equal(page.url(), urlOf('/dashboard', slug))
      assert.equal(await pageLocale(page), 'id')
      assert.isTrue(await isStyled(page), 'the dashboard has no CSS: the Vite assets did not load')
      await sidebar(page, 'id')
        .getByRole('link', { name: t('id', 'nav.dashboard'), exact: true })
        .waitFor()
      assert.equal(
        (await page.locator('header h1').textContent())?.trim(),
        t('id', 'nav.dashboard')
      )
      await screenshot(page, '02_owner_dashboard_id')

      // 3. Switch to English with the ID | EN switch in the top bar.
      await page.locator('header button[name="locale"][value="en"]').click()
      await page.locator('html[lang="en"]').waitFor({ state: 'attached' })
      await scriptsReady(page)
      await sidebar(page, 'en')
        .getByRole('link', { name: t('en', 'nav.dashboard'), exact: true })
        .waitFor()
      assert.equal(
        (await page.locator('header h1').textContent())?.trim(),
        t('en', 'nav.dashboard')
      )
      assert.equal(
        await page.locator('header button[name="locale"][value="en"]').getAttribute('aria-pressed'),
        'true'
      )
      await screenshot(page, '03_dashboard_en')

      // 4. Dark mode: toggled, saved for this person on the server, still dark after a reload
      //    even with this browser's memory (localStorage) wiped.
      assert.isFalse(await isDark(page))
      const saved = page.waitForResponse(
        (response) =>
          response.url().endsWith('/preferences/color-scheme') &&
          response.request().method() === 'POST'
      )
      await page.locator('header [data-color-scheme-toggle]').click()
      assert.equal((await saved).status(), 200)
      assert.isTrue(await isDark(page))
      assert.equal(await inPage(page, "localStorage.getItem('rb-color-scheme')"), 'dark')
      await inPage(page, 'localStorage.clear()')
      await page.reload()
      await scriptsReady(page)
      assert.isNull(await inPage(page, "localStorage.getItem('rb-color-scheme')"))
      assert.isTrue(await isDark(page), 'dark mode was not remembered by the server')
      assert.equal(await page.locator('html').getAttribute('data-color-scheme'), 'dark')
      await screenshot(page, '04_dashboard_dark')

      // 5. Staff page: add a Cashier and find them in the DataTable.
      await Promise.all([
        page.waitForURL(urlOf('/staff', slug)),
        sidebar(page, 'en')
          .getByRole('link', { name: t('en', 'nav.staff'), exact: true })
          .click(),
      ])
      await scriptsReady(page)
      await page.locator('#staff-table tbody tr', { hasText: owner.email }).waitFor()
      await Promise.all([
        page.waitForURL(urlOf('/staff/create', slug)),
        page.getByRole('link', { name: t('en', 'staff.add') }).click(),
      ])
      await scriptsReady(page)
      await page.locator('#fullName').fill(cashier.name)
      await page.locator('#email').fill(cashier.email)
      await page.locator('#password').fill(cashier.password)
      await page.locator('#role').selectOption('cashier')
      await Promise.all([
        page.waitForURL(urlOf('/staff', slug)),
        page.locator('form[action="/staff"] [type=submit]').click(),
      ])
      await scriptsReady(page)
      await page.getByText(t('en', 'staff.created')).waitFor()
      const row = page.locator('#staff-table tbody tr', { hasText: cashier.email })
      await row.waitFor()
      assert.include(await row.textContent(), cashier.name)
      // The role column shows the role's stored name, seeded in Indonesian ("Kasir") whatever the
      // page language (see the report), so either translation is accepted here.
      assert.oneOf((await row.locator('td').nth(2).textContent())?.trim(), [
        t('en', 'staff.roles.cashier'),
        t('id', 'staff.roles.cashier'),
      ])
      await screenshot(page, '05_staff_with_cashier')

      // 6. Log out through the account menu, log in as the Cashier: the dashboard opens, but the
      //    staff page is refused and not offered in the sidebar.
      await page.getByRole('button', { name: t('en', 'common.user_menu') }).click()
      await Promise.all([
        page.waitForURL(urlOf('/login', slug)),
        page.getByRole('menuitem', { name: t('en', 'common.logout'), exact: true }).click(),
      ])
      await scriptsReady(page)
      await logIn(page, cashier.email, cashier.password)
      assert.equal(page.url(), urlOf('/dashboard', slug))
      const locale = await pageLocale(page)
      const nav = sidebar(page, locale)
      await nav.getByRole('link', { name: t(locale, 'nav.dashboard'), exact: true }).waitFor()
      assert.equal(
        await nav.getByRole('link', { name: t(locale, 'nav.staff'), exact: true }).count(),
        0
      )
      assert.equal(
        await page.locator('a[href="/staff"]').count(),
        0,
        'the Cashier is offered a link to /staff'
      )
      await screenshot(page, '06_cashier_dashboard')

      const refused = await page.goto(urlOf('/staff', slug))
      assert.equal(refused?.status(), 403)
      // What the person reads: the 403 page's title (errors.forbidden.title) or, as bouncer's
      // own response gives it today, errors.E_AUTHORIZATION_FAILURE (see the report).
      const refusal = [
        t(locale, 'errors.forbidden.title'),
        t(locale, 'errors.E_AUTHORIZATION_FAILURE'),
      ]
      const shown = (await page.locator('body').innerText()).trim()
      assert.isTrue(
        refusal.some((text) => shown.includes(text)),
        `the refusal page says "${shown}"`
      )
      await screenshot(page, '07_cashier_staff_forbidden')

      assert.deepEqual(problems, [])
    } finally {
      await context.close()
    }
  })

  test('on a phone the sidebar hides behind the menu button and opens when tapped', async ({
    assert,
  }) => {
    const { context, page, problems } = await openPage(browser(), {
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    })
    try {
      const tenant = await tenantFixture()
      const owner = await ownerOf(tenant)
      await page.goto(urlOf('/login', tenant.slug))
      await scriptsReady(page)
      await logIn(page, owner.email, TEST_PASSWORD)
      assert.equal(page.url(), urlOf('/dashboard', tenant.slug))
      assert.isTrue(await isStyled(page), 'the dashboard has no CSS: the Vite assets did not load')
      const locale = await pageLocale(page)
      const dashboardLink = page.locator('a[href="/dashboard"]')

      // No sidebar on screen: neither the desktop column nor the drawer.
      assert.equal(await sidebar(page, locale).count(), 0)
      assert.equal(await dashboardLink.filter({ visible: true }).count(), 0)
      const menuButton = page.getByRole('button', { name: t(locale, 'common.open_menu') })
      assert.equal(await menuButton.getAttribute('aria-expanded'), 'false')
      await screenshot(page, '08_phone_dashboard')

      await menuButton.tap()
      const drawer = page.getByRole('dialog')
      await drawer.waitFor({ state: 'visible' })
      assert.equal(await menuButton.getAttribute('aria-expanded'), 'true')
      await drawer
        .getByRole('navigation', { name: t(locale, 'common.main_navigation') })
        .getByRole('link', { name: t(locale, 'nav.dashboard'), exact: true })
        .waitFor()
      await drawer.getByRole('link', { name: t(locale, 'nav.staff'), exact: true }).waitFor()
      await screenshot(page, '09_phone_sidebar_open')

      await drawer.getByRole('button', { name: t(locale, 'common.close_menu') }).tap()
      await drawer.waitFor({ state: 'hidden' })

      assert.deepEqual(problems, [])
    } finally {
      await context.close()
    }
  })
})
