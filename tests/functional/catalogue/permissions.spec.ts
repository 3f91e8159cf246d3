import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import type Tenant from '#models/central/tenant'
import type User from '#models/tenant/user'
import tenancy from '#tenancy/main'
import { TenantRole } from '#enums/tenant_role'
import { OfflineSaleService } from '#services/offline_sale_service'
import { TENANT_PERMISSIONS, type TenantPermission } from '#abilities/permissions'
import { hostOf, ownerOf, tenantFixture, userIn } from '#tests/helpers/tenants'
import { rowsOf } from '../radius/helpers.js'
import { createCustomer, createPackage, customerInput, radiusRows } from './helpers.js'

const holds = (role: TenantRole, permission: TenantPermission) =>
  (TENANT_PERMISSIONS[permission] as readonly string[]).includes(role)

/*
 * Every catalogue page and action for every tenant role, allowed or refused as the permission
 * catalogue says (Admin manages packages, Cashier sells and prints, Support resets passwords
 * and checks validity, Investor sees nothing here).
 */
test.group('Catalogue permissions per role', (group) => {
  let tenant: Tenant
  let packageId: number
  let customerId: number
  let printPath: string

  group.setup(async () => {
    tenant = await tenantFixture()
    const pkg = await createPackage(tenant, { name: 'Matrix' })
    packageId = pkg.id
    const { customer } = await createCustomer(tenant, customerInput(pkg.id, { username: 'mx' }))
    customerId = customer.id
    const owner = await ownerOf(tenant)
    const sale = await tenancy.run(tenant, () =>
      new OfflineSaleService().sell({ packageId, quantity: 1 }, owner)
    )
    printPath = `/vouchers/batches/${sale.voucherBatchId}/print`
  })

  const pages = (): [string, TenantPermission][] => [
    ['/packages', 'packages.manage'],
    [`/packages/${packageId}/edit`, 'packages.manage'],
    ['/customers', 'customers.view'],
    [`/customers/${customerId}`, 'customers.view'],
    ['/customers/create', 'customers.manage'],
    [`/customers/${customerId}/validity`, 'customers.check_validity'],
    ['/cashier', 'sales.offline.record'],
    ['/sales/today', 'reports.sales.view'],
  ]

  const post = (client: ApiClient, user: User, path: string, form: Record<string, string>) =>
    client
      .post(path)
      .header('host', hostOf(tenant))
      .loginAs(user)
      .withCsrfToken()
      .form(form)
      .redirects(0)

  test('{role}: pages and actions follow the catalogue')
    .with(
      Object.values(TenantRole)
        .filter((role) => role !== TenantRole.Owner)
        .map((role) => ({ role }))
    )
    .run(async ({ client, assert }, { role }) => {
      const user = await userIn(tenant, role)
      for (const [path, permission] of pages()) {
        const response = await client.get(path).header('host', hostOf(tenant)).loginAs(user)
        assert.equal(response.status(), holds(role, permission) ? 200 : 403, `${role} ${path}`)
      }

      // Editing a package: only who manages packages (a Cashier cannot).
      const rename = await post(client, user, `/packages/${packageId}?_method=PUT`, {
        name: `Matrix ${role}`,
        kind: 'hotspot',
        price: '1000',
        rateUp: '1',
        rateDown: '2',
        validityUnit: 'days',
        validityValue: '1',
        validityStart: 'purchase',
        sharedUsers: '1',
        isActive: 'on',
      })
      const [pkg] = await rowsOf(tenant, 'packages', { id: packageId })
      assert.equal(pkg.name === `Matrix ${role}`, holds(role, 'packages.manage'), `${role} edit`)
      if (!holds(role, 'packages.manage')) assert.oneOf(rename.status(), [302, 403])

      // Resetting a customer's password: Support yes, Cashier no.
      await post(client, user, `/customers/${customerId}/password`, { password: `pw-${role}` })
      const rows = await radiusRows(tenant, 'radcheck', 'mx')
      const password = rows.find(([attribute]) => attribute === 'Cleartext-Password')?.[2]
      assert.equal(password === `pw-${role}`, holds(role, 'customers.reset_password'), role)

      // Disabling a customer: only who manages customers (Support cannot).
      await post(client, user, `/customers/${customerId}/status`, { status: 'disabled' })
      const [customer] = await rowsOf(tenant, 'customers', { id: customerId })
      assert.equal(customer.status === 'disabled', holds(role, 'customers.manage'), role)
      await post(client, await ownerOf(tenant), `/customers/${customerId}/status`, {
        status: 'active',
      })

      // A cash sale, and printing its vouchers.
      const sold = await post(client, user, '/cashier/sales', {
        packageId: String(packageId),
        quantity: '1',
      })
      const sales = await rowsOf(tenant, 'offline_sales', { cashier_id: user.id })
      assert.lengthOf(sales, holds(role, 'sales.offline.record') ? 1 : 0, `${role} sells`)
      if (sales.length) {
        sold.assertHeader('location', `/vouchers/batches/${sales[0].voucher_batch_id}/print`)
      }
      const print = await client.get(printPath).header('host', hostOf(tenant)).loginAs(user)
      assert.equal(print.status(), holds(role, 'vouchers.print') ? 200 : 403, `${role} prints`)
    })
})
