import { randomUUID } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { MailResponse } from '@adonisjs/mail'
import type { MailTransportContract, NodeMailerMessage } from '@adonisjs/mail/types'
import logger from '@adonisjs/core/services/logger'

/**
 * Development and test mail transport: every message is written as a JSON file (and a log
 * line), so password-reset links can be followed without an SMTP server.
 */
export class LogTransport implements MailTransportContract {
  #directory: string

  constructor(directory: string) {
    this.#directory = directory
  }

  async send(message: NodeMailerMessage): Promise<MailResponse<NodeMailerMessage>> {
    const messageId = randomUUID()
    const to = ([] as unknown[]).concat(message.to ?? []).map(String)
    await mkdir(this.#directory, { recursive: true })
    await writeFile(
      join(this.#directory, `${Date.now()}-${messageId}.json`),
      JSON.stringify({ messageId, ...message }, null, 2)
    )
    logger.info({ to, subject: message.subject }, 'mail written to %s', this.#directory)
    return new MailResponse(messageId, { from: String(message.from ?? ''), to }, message)
  }
}
