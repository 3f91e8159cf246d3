import { createWriteStream } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { finished } from 'node:stream/promises'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import ExcelJS from 'exceljs'
import tenancy from '#tenancy/main'
import type Tenant from '#models/central/tenant'
import Customer from '#models/tenant/customer'
import { CustomerStatus } from '#enums/customer_status'
import { PackageKind } from '#enums/package_kind'
import { CustomerService } from '#services/customer_service'
import {
  ExcelExportService,
  type ExportFormat,
  type ExportKind,
} from '#services/excel_export_service'
import { ExcelImportService, importable, ImportRefusedError } from '#services/excel_import_service'
import type User from '#models/tenant/user'
import { TenantRole } from '#enums/tenant_role'
import { hostOf, tenantFixture, userIn } from '#tests/helpers/tenants'
import { createCustomer, createPackage, customerInput, packageInput } from '../catalogue/helpers.js'
import { batchInput, generateBatch, tenantTable } from './helpers.js'

const DIR = app.makePath('tmp', 'excel-tests')

/** Writes `kind` of `tenant` as `format` into a file; returns its path. */
async function exportTo(tenant: Tenant, kind: ExportKind, format: ExportFormat) {
  await mkdir(DIR, { recursive: true })
  const path = `${DIR}/${tenant.slug}-${kind}.${format}`
  const file = createWriteStream(path)
  await tenancy.run(tenant, () => new ExcelExportService().write(kind, format, file))
  await finished(file)
  return path
}

/** An .xlsx with these rows (the first is the header). */
async function xlsxFile(name: string, rows: (string | number)[][]) {
  await mkdir(DIR, { recursive: true })
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('customers')
  for (const row of rows) sheet.addRow(row)
  const path = `${DIR}/${name}.xlsx`
  await workbook.xlsx.writeFile(path)
  return path
}

/** Every customer and its RADIUS rows, keyed by username, without ids, dates of the row itself. */
async function snapshot(tenant: Tenant) {
  const packages = new Map((await tenantTable(tenant, 'packages')).map((p) => [p.id, p.name]))
  const groups = new Map((await tenantTable(tenant, 'packages')).map((p) => [p.group_name, p.name]))
  const customers: Record<string, unknown> = {}
  for (const row of await tenantTable(tenant, 'customers').orderBy('username')) {
    // Ids, timestamps and who created it differ by nature; the package is compared by name.
    const rest = { ...row }
    for (const key of [
      'id',
      'package_id',
      'next_package_id',
      'created_at',
      'updated_at',
      'created_by',
    ]) {
      delete rest[key]
    }
    const rows = async (table: string) =>
      (await tenantTable(tenant, table).where('username', row.username))
        .map((r) => `${r.attribute} ${r.op} ${r.value}`)
        .sort()
    customers[row.username] = {
      ...rest,
      started_at: String(rest.started_at),
      expires_at: String(rest.expires_at),
      latitude: rest.latitude === null ? null : Number(rest.latitude),
      longitude: rest.longitude === null ? null : Number(rest.longitude),
      package: packages.get(row.package_id),
      radcheck: await rows('radcheck'),
      radreply: await rows('radreply'),
      groups: (await tenantTable(tenant, 'radusergroup').where('username', row.username)).map((g) =>
        groups.get(g.groupname)
      ),
    }
  }
  return customers
}

/** The same packages in another tenant (an "empty" ISP that sells the same catalogue). */
async function samePackages(tenant: Tenant) {
  await createPackage(
    tenant,
    packageInput({
      name: 'Hotspot 1 Hari',
      validityUnit: 'days',
      validityValue: 1,
      validityStart: 'first_login',
      macBinding: true,
    })
  )
  await createPackage(
    tenant,
    packageInput({
      name: 'PPPoE 20M',
      kind: PackageKind.Pppoe,
      price: 250_000,
      rateDownKbps: 20_000,
    })
  )
  await createPackage(
    tenant,
    packageInput({ name: 'PPPoE Static', kind: PackageKind.Pppoe, staticIp: true })
  )
}

test.group('Excel: export → import → identical data', (group) => {
  let source: Tenant
  group.setup(async () => {
    source = await tenantFixture()
    await samePackages(source)
    const [hotspot, pppoe, fixed] = await tenancy.run(source, async () => {
      const { default: Package } = await import('#models/tenant/package')
      return Package.query().orderBy('id')
    })
    await createCustomer(
      source,
      customerInput(hotspot.id, {
        username: 'budi.hs',
        phone: '+6281234567890',
        email: 'budi@example.id',
        address: 'Jl. Merdeka 1, "Blok A"',
        notes: 'line one\nline two; =SUM(A1)',
        latitude: -6.2,
        longitude: 106.816666,
      })
    )
    await createCustomer(
      source,
      customerInput(hotspot.id, {
        username: 'sari.hs',
        macAddress: 'AA:BB:CC:DD:EE:FF',
        phone: null,
      })
    )
    const { customer: isolated } = await createCustomer(
      source,
      customerInput(pppoe.id, { username: 'andi.ppp', service: 'pppoe', fullName: 'Andi Wijaya' })
    )
    const { customer: disabled } = await createCustomer(
      source,
      customerInput(pppoe.id, { username: 'dewi.ppp', service: 'pppoe', fullName: 'Dewi' })
    )
    await createCustomer(
      source,
      customerInput(fixed.id, {
        username: 'kantor',
        service: 'pppoe',
        fullName: 'PT Maju',
        staticIp: '10.20.0.5',
      })
    )
    await tenancy.run(source, async () => {
      const service = new CustomerService()
      await service.setStatus(await Customer.findOrFail(isolated.id), CustomerStatus.Isolir)
      await service.setStatus(await Customer.findOrFail(disabled.id), CustomerStatus.Disabled)
    })
  })

  for (const format of ['xlsx', 'csv'] as const) {
    test(`customers as .${format}: a dry run writes nothing, the import recreates them exactly`, async ({
      assert,
    }) => {
      const file = await exportTo(source, 'customers', format)
      const target = await tenantFixture()
      await samePackages(target)

      const report = await tenancy.run(target, () => new ExcelImportService().check(file, format))
      assert.isTrue(importable(report), JSON.stringify(report.errors.slice(0, 5)))
      assert.equal(report.customers.length, 5)
      assert.lengthOf(await tenantTable(target, 'customers'), 0, 'the dry run wrote nothing')

      const imported = await tenancy.run(target, () =>
        new ExcelImportService().import(file, format, null)
      )
      assert.equal(imported, 5)
      assert.deepEqual(await snapshot(target), await snapshot(source))
    })
  }

  test('packages and vouchers export too (xlsx and csv)', async ({ assert }) => {
    const csv = await exportTo(source, 'packages', 'csv')
    const { readFile } = await import('node:fs/promises')
    const text = await readFile(csv, 'utf8')
    assert.isTrue(text.startsWith('\uFEFFname,kind,price,'))
    assert.include(text, 'PPPoE 20M,pppoe,250000,')
    const xlsx = await exportTo(source, 'packages', 'xlsx')
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(xlsx)
    assert.equal(workbook.worksheets[0].rowCount, 4)

    const [pkg] = await tenantTable(source, 'packages').orderBy('id')
    const batch = await generateBatch(source, batchInput(pkg.id, { quantity: 3 }))
    const exported = await readFile(await exportTo(source, 'vouchers', 'csv'), 'utf8')
    assert.isTrue(exported.startsWith('\uFEFF'))
    const vouchers = exported.slice(1).trim().split('\r\n')
    assert.equal(
      vouchers[0],
      'code,password,batch,package,price,status,first_used_at,used_by_mac,expires_at,generated_by,generated_at'
    )
    assert.lengthOf(vouchers, 4)
    assert.match(
      vouchers[1],
      new RegExp(`^\\w{8},\\w{8},${batch.id},Hotspot 1 Hari,100000,unused,,,,Test seller,`)
    )
  })
})

test.group('Excel: malformed files get a clear report and write nothing', (group) => {
  let tenant: Tenant
  let radcheckBefore = 0
  group.setup(async () => {
    tenant = await tenantFixture()
    await samePackages(tenant)
  })
  group.each.setup(async () => {
    radcheckBefore = (await tenantTable(tenant, 'radcheck')).length
  })
  const nothingWritten = async (assert: any) => {
    assert.lengthOf(await tenantTable(tenant, 'customers'), 0)
    assert.lengthOf(await tenantTable(tenant, 'radcheck'), radcheckBefore)
  }
  const check = (path: string, format: ExportFormat = 'xlsx') =>
    tenancy.run(tenant, () => new ExcelImportService().check(path, format))
  const refusedImport = (path: string, format: ExportFormat = 'xlsx') =>
    tenancy
      .run(tenant, () => new ExcelImportService().import(path, format, null))
      .catch((error) => error)

  test('wrong columns: the missing and unknown ones are named', async ({ assert }) => {
    const path = await xlsxFile('wrong-columns', [
      ['user', 'name', 'paket', 'phone'],
      ['budi', 'Budi', 'Hotspot 1 Hari', '08123456789'],
    ])
    const report = await check(path)
    assert.sameMembers(report.missingColumns, ['username', 'full_name', 'service', 'package'])
    assert.sameMembers(report.unknownColumns, ['user', 'name', 'paket'])
    assert.instanceOf(await refusedImport(path), ImportRefusedError)
    await nothingWritten(assert)
  })

  test('10,000 bad rows: every row error is reported with its row and column; good rows are not imported either', async ({
    assert,
  }) => {
    const rows: (string | number)[][] = [['username', 'full_name', 'service', 'package', 'phone']]
    for (let index = 0; index < 10_000; index++) {
      const kind = index % 4
      rows.push([
        kind === 3 ? 'dup' : `user${index}`,
        'Pelanggan',
        'hotspot',
        kind === 1 ? 'No Such Package' : 'Hotspot 1 Hari',
        kind === 0 ? '12345' : kind === 2 ? 'not-a-phone' : '081234567890',
      ])
    }
    rows.push(['good.one', 'Baik', 'hotspot', 'Hotspot 1 Hari', '081234567890'])
    const path = await xlsxFile('bad-rows', rows)
    const started = performance.now()
    const report = await check(path)
    const seconds = (performance.now() - started) / 1000
    assert.isBelow(seconds, 30)
    assert.equal(report.rows, 10_001)
    assert.isFalse(importable(report))
    const rule = (name: string) => report.errors.filter((error) => error.rule === name)
    assert.lengthOf(rule('phone'), 5000)
    assert.lengthOf(rule('unknown_package'), 2500)
    // The first "dup" is fine; the 2,499 after it each repeat it.
    assert.lengthOf(rule('duplicate_username'), 2499)
    assert.deepInclude(report.errors, { row: 2, column: 'phone', rule: 'phone', value: '12345' })
    assert.deepInclude(report.errors, {
      row: 3,
      column: 'package',
      rule: 'unknown_package',
      value: 'No Such Package',
    })
    const failing = new Set(report.errors.map((error) => error.row))
    assert.equal(failing.size, 9999)
    assert.instanceOf(await refusedImport(path), ImportRefusedError)
    await nothingWritten(assert)
  })

  test('a file that is not .xlsx (text, or a broken zip) named .xlsx', async ({ assert }) => {
    await mkdir(DIR, { recursive: true })
    const text = `${DIR}/renamed.xlsx`
    await writeFile(text, 'username,full_name\nbudi,Budi\n')
    assert.equal((await check(text)).fileError, 'not_xlsx')
    const broken = `${DIR}/broken.xlsx`
    await writeFile(broken, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(2000, 7)]))
    assert.equal((await check(broken)).fileError, 'not_xlsx')
    assert.instanceOf(await refusedImport(broken), ImportRefusedError)
    const empty = await xlsxFile('header-only', [['username', 'full_name', 'service', 'package']])
    assert.equal((await check(empty)).fileError, 'empty')
    await nothingWritten(assert)
  })
})

test.group('Excel over HTTP: export, upload, dry-run preview, import', (group) => {
  let tenant: Tenant
  let admin: User
  group.setup(async () => {
    tenant = await tenantFixture()
    admin = await userIn(tenant, TenantRole.Admin)
    await samePackages(tenant)
  })

  test('a file with problems is listed row by row and cannot be imported; a good one is', async ({
    client,
    assert,
  }) => {
    const exported = await client
      .get('/exports/packages/xlsx')
      .header('host', hostOf(tenant))
      .loginAs(admin)
    exported.assertStatus(200)
    exported.assertHeader(
      'content-type',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
    )

    const upload = async (path: string) => {
      const response = await client
        .post('/imports/customers')
        .header('host', hostOf(tenant))
        .loginAs(admin)
        .withCsrfToken()
        .file('file', path)
        .redirects(0)
      response.assertStatus(302)
      return response.header('location') as string
    }
    const bad = await xlsxFile('http-bad', [
      ['username', 'full_name', 'service', 'package', 'phone'],
      ['ok.one', 'Baik', 'hotspot', 'Hotspot 1 Hari', '081234567890'],
      ['bad.phone', 'Salah', 'hotspot', 'Hotspot 1 Hari', '12345'],
      ['ok.one', 'Ganda', 'hotspot', 'Nope', ''],
    ])
    const preview = await upload(bad)
    assert.match(preview, /^\/imports\/customers\/[0-9a-f-]{36}$/)
    const page = await client.get(preview).header('host', hostOf(tenant)).loginAs(admin)
    page.assertStatus(200)
    page.assertTextIncludes('Bukan nomor HP Indonesia (08…)')
    page.assertTextIncludes('Tidak ada paket dengan nama ini')
    page.assertTextIncludes('Mengulang username baris sebelumnya')
    assert.notInclude(page.text(), 'id="import-now"')
    const report = await client
      .get(`${preview}/errors`)
      .header('host', hostOf(tenant))
      .loginAs(admin)
    assert.include(report.text(), '3,phone,Bukan nomor HP Indonesia (08…),12345')
    const refused = await client
      .post(preview)
      .header('host', hostOf(tenant))
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    refused.assertStatus(302)
    assert.lengthOf(await tenantTable(tenant, 'customers'), 0)

    const good = await xlsxFile('http-good', [
      ['username', 'full_name', 'service', 'package', 'phone'],
      ['warga.1', 'Warga Satu', 'hotspot', 'Hotspot 1 Hari', '0812 3456 7890'],
      ['warga.2', 'Warga Dua', 'pppoe', 'PPPoE 20M', ''],
    ])
    const ready = await upload(good)
    const ok = await client.get(ready).header('host', hostOf(tenant)).loginAs(admin)
    ok.assertStatus(200)
    assert.notInclude(ok.text(), 'id="import-errors"')
    ok.assertTextIncludes('id="import-now"')
    const done = await client
      .post(ready)
      .header('host', hostOf(tenant))
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    done.assertHeader('location', '/customers')
    const rows = await tenantTable(tenant, 'customers').orderBy('username')
    assert.deepEqual(
      rows.map((row) => [row.username, row.phone]),
      [
        ['warga.1', '+6281234567890'],
        ['warga.2', null],
      ]
    )
    // The upload is gone once imported.
    ;(await client.get(ready).header('host', hostOf(tenant)).loginAs(admin)).assertStatus(404)
  })
})
