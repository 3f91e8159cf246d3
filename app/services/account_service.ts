import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import User from '#models/tenant/user'
import PlatformUser from '#models/central/platform_user'
import { tenantContext } from '#tenancy/tenant_context'

/** A person who can log in: tenant staff/customers, or platform staff. */
export type Account = User | PlatformUser

/**
 * The accounts of one side of the product (a tenant host, or the platform host): credential
 * checks, "log out everywhere" and the storage of password-reset tokens. Controllers stay the
 * same for both sides.
 */
export class AccountService {
  constructor(readonly side: 'platform' | 'tenant') {}

  /** The account side of the request's host. */
  static for(ctx: HttpContext) {
    return new AccountService(ctx.hostKind === 'platform' ? 'platform' : 'tenant')
  }

  get model(): typeof User | typeof PlatformUser {
    return this.side === 'platform' ? PlatformUser : User
  }

  /** Checks email + password in constant time whether or not the email exists. */
  verifyCredentials(email: string, password: string): Promise<Account> {
    return this.model.verifyCredentials(email, password)
  }

  findByEmail(email: string): Promise<Account | null> {
    return this.model.findBy('email', email)
  }

  findById(id: number): Promise<Account | null> {
    return this.model.find(id)
  }

  /** Invalidate every session and remember-me token of the account. */
  async logoutEverywhere(account: Account) {
    account.sessionEpoch += 1
    await account.save()
    const provider =
      account instanceof PlatformUser ? PlatformUser.rememberMeTokens : User.rememberMeTokens
    for (const token of await provider.all(account as never)) {
      await provider.delete(account as never, token.identifier)
    }
  }

  /** Where this side keeps password-reset tokens. */
  resetTokens() {
    return this.side === 'platform'
      ? {
          connection: () => db.connection('central'),
          table: 'platform_password_resets',
          userColumn: 'platform_user_id',
        }
      : {
          connection: () => db.connection(tenantContext.require().connectionName),
          table: 'password_resets',
          userColumn: 'user_id',
        }
  }
}
