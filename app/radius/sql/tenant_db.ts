/*
 * The current tenant's database, for the RADIUS tables. Everything runs on the connection bound
 * by tenancy.run(); a caller's transaction is accepted only if it is on that connection.
 */
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { RawQueryBindings } from '@adonisjs/lucid/types/querybuilder'
import { tenantContext } from '#tenancy/tenant_context'
import { dialectOf, type SqlDialect } from './sql_dialect.js'

/** A client (connection or transaction) of the current tenant and its dialect. */
export interface TenantDb {
  client: QueryClientContract
  dialect: SqlDialect
}

/** A transaction was given that belongs to another connection than the bound tenant's. */
export class ForeignTransactionError extends Error {
  readonly code = 'E_RADIUS_FOREIGN_TRANSACTION'

  constructor(expected: string, actual: string) {
    super(
      `The transaction is on connection "${actual}" but the bound tenant uses "${expected}": ` +
        'open it with db.connection(tenantContext.require().connectionName).transaction()'
    )
    this.name = 'ForeignTransactionError'
  }
}

/** The bound tenant's connection and its dialect. */
export function tenantDb(): TenantDb {
  const client = db.connection(tenantContext.require().connectionName)
  return { client, dialect: dialectOf(client) }
}

/**
 * Runs `work` in `trx` when given (the caller commits or rolls back), else in a transaction of
 * its own on the tenant's connection.
 */
export async function inTenantTransaction<T>(
  trx: TransactionClientContract | undefined,
  work: (trx: TransactionClientContract, dialect: SqlDialect) => Promise<T>
): Promise<T> {
  const { connectionName } = tenantContext.require()
  if (trx) {
    if (trx.connectionName !== connectionName) {
      throw new ForeignTransactionError(connectionName, trx.connectionName)
    }
    return work(trx, dialectOf(trx))
  }
  const client = db.connection(connectionName)
  return client.transaction((own) => work(own, dialectOf(own)))
}

/** A value bound into raw SQL. */
export type SqlValue = string | number | null

/** Bindings that may hold null: knex binds it as SQL NULL, Lucid's types just leave it out. */
export function sqlBindings(values: readonly SqlValue[]): RawQueryBindings {
  return values as RawQueryBindings
}
