import logger from '@adonisjs/core/services/logger'
import { ISOLIR_GROUP } from '../../users/attribute_names.js'
import type { AuthContext } from '../auth_context.js'
import type { ReplyEnhancer } from '../checker.js'
import type { Reply } from '../reply.js'

/**
 * The stored reply items: the groups' radgroupreply with the user's radreply overriding by
 * attribute name (merged by loadAuthProfile), or, for an isolated user, only the isolir
 * group's restricted profile (address list, pool, low rate).
 */
export class ProfileReplyEnhancer implements ReplyEnhancer {
  enhance(context: AuthContext, reply: Reply): void | Promise<void> {
    if (!context.isolated) return reply.load(context.profile.reply)
    return this.#isolir(context, reply)
  }

  async #isolir(context: AuthContext, reply: Reply): Promise<void> {
    const rows = await context.repository.loadGroupReply(ISOLIR_GROUP)
    if (rows.length === 0) {
      logger.warn(
        'tenant %s has no "%s" group: isolated user %s gets no restricted profile',
        context.request.tenant.slug,
        ISOLIR_GROUP,
        context.username
      )
    }
    const items = new Map<string, string[]>()
    for (const row of rows) {
      const values = items.get(row.attribute)
      if (values && row.op === '+=') values.push(row.value)
      else items.set(row.attribute, [row.value])
    }
    reply.load(items)
  }
}
