/*
 * Helpers of the voucher tests: a batch generated in a tenant's scope, its vouchers and RADIUS
 * rows read back, and the authorizer run at a chosen moment.
 */
import db from '@adonisjs/lucid/services/db'
import tenancy from '#tenancy/main'
import type Tenant from '#models/central/tenant'
import Voucher from '#models/tenant/voucher'
import { RadiusAuthorizer } from '#radius/auth/radius_authorizer'
import type { RadiusRequest } from '#radius/types'
import { VoucherBatchService, type VoucherBatchInput } from '#services/voucher_batch_service'
import { VoucherService } from '#services/voucher_service'

/** A batch input: 10 numeric-free 8-character codes, code = password. */
export function batchInput(packageId: number, overrides: Partial<VoucherBatchInput> = {}) {
  return {
    packageId,
    quantity: 10,
    prefix: null,
    codeLength: 8,
    charset: 'no_lookalikes',
    loginMode: 'same',
    ...overrides,
  } satisfies VoucherBatchInput
}

/** Generates a batch at once in `tenant` (as the counter and the CLI do). */
export function generateBatch(
  tenant: Tenant,
  input: VoucherBatchInput,
  options: { clock?: () => Date } = {}
) {
  return tenancy.run(tenant, () =>
    new VoucherBatchService(options).generateNow(input, { id: null, name: 'Test seller' })
  )
}

/** The vouchers of a batch, oldest first. */
export function vouchersOf(tenant: Tenant, batchId: number) {
  return tenancy.run(tenant, () => Voucher.query().where('batch_id', batchId).orderBy('id'))
}

/** The state of one voucher at `now`. */
export async function stateOf(tenant: Tenant, code: string, now = new Date()) {
  return tenancy.run(tenant, async () => {
    const states = await new VoucherService({ clock: () => now }).statesOf([code])
    return states.get(code)!
  })
}

/**
 * Authorize `request` in `tenant` as the server would, at `now`; resolves once its auth log
 * row (written after the reply) is written too, as the voucher states read it.
 */
export async function authorizeAt(tenant: Tenant, request: RadiusRequest, now: Date) {
  const authorizer = new RadiusAuthorizer({ clock: () => now })
  const result = await tenancy.run(tenant, () => authorizer.authorize(request))
  await authorizer.settled()
  return result
}

/** A query on a tenant table. */
export function tenantTable(tenant: Tenant, table: string) {
  return db.connection(tenancy.connectionName(tenant)).from(table)
}
