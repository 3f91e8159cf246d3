import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import AuditLog from '#models/central/audit_log'

/** One audit entry. */
export interface AuditEntry {
  actorType: 'platform' | 'tenant' | 'system'
  actorId?: number | null
  actorEmail?: string | null
  tenantId?: number | null
  action: string
  details?: Record<string, unknown> | null
  ip?: string | null
}

/** Append-only record of who did what (suspensions, tenant creation, staff changes). */
export class AuditService {
  /** Append an entry; pass the transaction when the audited change is in one. */
  static record(entry: AuditEntry, trx?: TransactionClientContract) {
    return AuditLog.create(
      {
        actorType: entry.actorType,
        actorId: entry.actorId ?? null,
        actorEmail: entry.actorEmail ?? null,
        tenantId: entry.tenantId ?? null,
        action: entry.action,
        details: entry.details ?? null,
        ip: entry.ip ?? null,
      },
      { client: trx }
    )
  }
}
