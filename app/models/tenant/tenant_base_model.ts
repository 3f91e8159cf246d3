import { BaseModel } from '@adonisjs/lucid/orm'
import { tenantContext } from '#tenancy/tenant_context'

/**
 * Base of every model stored in a tenant database. Its connection is whichever tenant is bound
 * to the current request or job, so a query can never reach another tenant's data by accident,
 * and running one outside a tenant scope fails loudly.
 */
export default class TenantBaseModel extends BaseModel {}

// Lucid declares `connection` as a static field; an accessor must be defined after the class.
Object.defineProperty(TenantBaseModel, 'connection', {
  get: () => tenantContext.require().connectionName,
  configurable: true,
})
