/*
 * Helpers of the catalogue tests: a complete package input with overrides, and services run
 * inside a tenant's scope.
 */
import db from '@adonisjs/lucid/services/db'
import tenancy from '#tenancy/main'
import type Tenant from '#models/central/tenant'
import { PackageKind } from '#enums/package_kind'
import { packageInputOf, PackageService, type PackageInput } from '#services/package_service'
import { CustomerService, type NewCustomer } from '#services/customer_service'

/** A 10 Mbit/s hotspot package for 30 days, with every optional limit off. */
export function packageInput(overrides: Partial<PackageInput> = {}): PackageInput {
  return packageInputOf(
    {
      name: `Paket ${Math.random().toString(36).slice(2, 8)}`,
      kind: PackageKind.Hotspot,
      price: 100_000,
      rateUpKbps: 2000,
      rateDownKbps: 10_000,
      validityUnit: 'days',
      validityValue: 30,
    },
    overrides
  )
}

/** A package created in `tenant`. */
export function createPackage(tenant: Tenant, overrides: Partial<PackageInput> = {}) {
  return tenancy.run(tenant, () => new PackageService().create(packageInput(overrides)))
}

/** A customer's profile with a unique username. */
export function customerInput(
  packageId: number,
  overrides: Partial<NewCustomer> = {}
): NewCustomer {
  return {
    username: `cust${Math.random().toString(36).slice(2, 8)}`,
    password: 'rahasia1',
    packageId,
    fullName: 'Budi Santoso',
    service: 'hotspot',
    phone: '+6281234567890',
    email: null,
    address: null,
    latitude: null,
    longitude: null,
    notes: null,
    macAddress: null,
    staticIp: null,
    ...overrides,
  }
}

/** A customer created in `tenant`. */
export function createCustomer(tenant: Tenant, input: NewCustomer) {
  return tenancy.run(tenant, () => new CustomerService().create(input))
}

/** Rows of a tenant's RADIUS table for one user, as [attribute, op, value]. */
export async function radiusRows(tenant: Tenant, table: string, username: string) {
  const rows = await tenancy.run(tenant, () =>
    db
      .connection(tenancy.connectionName(tenant))
      .from(table)
      .where('username', username)
      .orderBy('id')
  )
  return rows.map((row) =>
    table === 'radusergroup' ? [row.groupname, row.priority] : [row.attribute, row.op, row.value]
  )
}
