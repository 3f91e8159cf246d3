/*
 * Vouchers in a real browser (Debian's Chromium through playwright-core), with a real queue: a
 * worker on the database queue runs the generation job while the page polls, as in
 * production. The Admin designs a QR template, generates 500 vouchers, watches the progress bar
 * reach 100 %, opens the print view and downloads the PDF. Screenshots land in
 * tests/browser/screenshots; the print view also in docs/screenshots for the README.
 */
import { mkdir, readFile } from 'node:fs/promises'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import tenancy from '#tenancy/main'
import VoucherBatch from '#models/tenant/voucher_batch'
import { TenantRole } from '#enums/tenant_role'
import { join } from 'node:path'
import {
  browserFor,
  inPage,
  isStyled,
  openPage,
  screenshot,
  SCREENSHOT_DIR,
  scriptsReady,
  t,
  urlOf,
} from '#tests/helpers/browser'
import { queueWorker } from '#tests/helpers/queue'
import { tenantFixture, TEST_PASSWORD, userIn } from '#tests/helpers/tenants'
import { createPackage } from '../functional/catalogue/helpers.js'

test.group('Browser: vouchers', (group) => {
  const browser = browserFor(group)

  test('an Admin designs a QR template, generates 500 vouchers, prints them and downloads the PDF', async ({
    assert,
  }) => {
    const tenant = await tenantFixture()
    const admin = await userIn(tenant, TenantRole.Admin)
    await createPackage(tenant, {
      name: 'Voucher 1 Hari',
      price: 5000,
      validityUnit: 'days',
      validityValue: 1,
      validityStart: 'first_login',
    })
    // Dispatches go to the database queue until queue.stop().
    const queue = await queueWorker()
    const { context, page, problems } = await openPage(browser(), { locale: 'id-ID' })
    try {
      await page.goto(urlOf('/login', tenant.slug))
      await page.locator('#email').fill(admin.email)
      await page.locator('#password').fill(TEST_PASSWORD)
      await Promise.all([
        page.waitForURL((url) => url.pathname !== '/login'),
        page.locator('form[action="/login"] [type=submit]').click(),
      ])

      // 1. The gallery: four designs; start a template from the QR card.
      await page.goto(urlOf('/vouchers/templates', tenant.slug))
      await scriptsReady(page)
      assert.isTrue(await isStyled(page))
      for (const design of ['small_card', 'qr_card', 'thermal_58', 'a4_grid']) {
        await page
          .getByText(t('id', `vouchers.designs.${design}`), { exact: true })
          .first()
          .waitFor()
      }
      await screenshot(page, '10_voucher_template_gallery')
      await page.locator('a[href="/vouchers/templates/create?design=qr_card"]').click()
      await scriptsReady(page)
      await page.locator('#name').fill('Kartu QR Kafe')
      await page.locator('#title').fill('Warung Net Kafe')
      await page.locator('#footer').fill('Terima kasih · WA 0812-0000-1111')
      await page.locator('#hotspotDns').fill('login.kafe.net')
      await page.waitForFunction(
        "document.getElementById('template-preview').src.includes('hotspotDns=login.kafe.net')"
      )
      await page.frameLocator('#template-preview').locator('.vc-qr svg').first().waitFor()
      await screenshot(page, '11_voucher_template_editor')
      await Promise.all([
        page.waitForURL(/\/vouchers\/templates$/),
        page.locator('#template-form [type=submit]').click(),
      ])

      // 2. Generate 500: the job waits in the queue (0 %) until a worker runs it as the page polls.
      await page.goto(urlOf('/vouchers/batches/create', tenant.slug))
      await scriptsReady(page)
      await page.locator('#quantity').fill('500')
      await page.locator('#prefix').fill('KF')
      await page.locator('#codeLength').fill('6')
      await page.locator('#templateId').selectOption({ label: 'Kartu QR Kafe' })
      await page.locator('#note').fill('Meja kasir')
      await screenshot(page, '12_voucher_generate_form')
      await Promise.all([
        page.waitForURL(/\/vouchers\/batches\/\d+\/progress$/),
        page.locator('#generate-submit').click(),
      ])
      const seen = await inPage<number>(
        page,
        "Number(document.getElementById('voucher-progress').getAttribute('aria-valuenow'))"
      )
      await inPage(
        page,
        `(() => { window.progressSeen = [${seen}]; new MutationObserver(() => window.progressSeen.push(Number(document.getElementById('voucher-progress').getAttribute('aria-valuenow')))).observe(document.getElementById('voucher-progress'), { attributes: true }) })()`
      )
      await screenshot(page, '13_voucher_progress_queued')
      queue.start()
      await page.locator('#voucher-progress[aria-valuenow="100"]').waitFor({ timeout: 60_000 })
      await page.locator('#open-print').waitFor({ state: 'visible' })
      const progressSeen = await inPage<number[]>(page, 'window.progressSeen')
      assert.equal(progressSeen[0], 0, 'queued: nothing generated yet')
      assert.equal(progressSeen[progressSeen.length - 1], 100)
      await screenshot(page, '14_voucher_progress_done')
      const batch = await tenancy.run(tenant, () =>
        VoucherBatch.query().orderBy('id', 'desc').firstOrFail()
      )
      assert.equal(batch.status, 'done')
      assert.equal(batch.generated, 500)
      assert.equal(batch.createdByName, admin.fullName)

      // 3. The print view: A4 sheets of 18 QR cards; the README shows it.
      await Promise.all([page.waitForURL(/\/print/), page.locator('#open-print').click()])
      await page.locator('.sheet').first().waitFor()
      assert.equal(await page.locator('.vc').count(), 500)
      assert.equal(await page.locator('.sheet').count(), Math.ceil(500 / 18))
      const qr = await page.locator('.vc-qr svg').count()
      assert.equal(qr, 500)
      await page.setViewportSize({ width: 1280, height: 1000 })
      // The top of the view (the whole of it is 28 A4 sheets tall). The README's copy is
      // refreshed only on request, so a test run leaves the tracked docs/ untouched.
      await page.screenshot({ path: join(SCREENSHOT_DIR, '15_voucher_print_view.png') })
      if (process.env.UPDATE_DOCS_SCREENSHOTS) {
        await mkdir(app.makePath('docs/screenshots'), { recursive: true })
        await page.screenshot({ path: app.makePath('docs/screenshots/voucher_print.png') })
      }

      // 4. The PDF of the whole batch.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('#download-pdf').click(),
      ])
      const file = app.makePath('tmp', `vouchers-${tenant.slug}.pdf`)
      await download.saveAs(file)
      const pdf = await readFile(file)
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-')
      assert.equal(
        (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length,
        Math.ceil(500 / 18)
      )

      // 5. On a phone the batch list still works.
      await page.setViewportSize({ width: 390, height: 844 })
      await page.goto(urlOf('/vouchers', tenant.slug))
      await scriptsReady(page)
      await page.locator('#voucher-batches tbody tr').first().waitFor()
      await screenshot(page, '16_voucher_batches_phone')
      assert.deepEqual(problems, [])
    } finally {
      await context.close()
      await queue.stop()
    }
  })
})
