import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig, transports } from '@adonisjs/mail'
import { LogTransport } from '#mails/log_transport'

const mailConfig = defineConfig({
  default: env.get('MAIL_MAILER'),
  from: env.get('MAIL_FROM', 'Radius Billing <no-reply@localhost>'),
  mailers: {
    log: () => new LogTransport(app.makePath('storage/mails')),
    smtp: transports.smtp({
      host: env.get('SMTP_HOST', 'localhost'),
      port: env.get('SMTP_PORT', 587),
      auth: {
        type: 'login',
        user: env.get('SMTP_USERNAME', ''),
        pass: env.get('SMTP_PASSWORD')?.release() ?? '',
      },
    }),
  },
})

export default mailConfig

declare module '@adonisjs/mail/types' {
  export interface MailersList extends InferMailers<typeof mailConfig> {}
}
