/*
 * Validation messages scoped to one page's translations, and cross-field rule failures (found
 * by a service, not by VineJS) turned into the same validation error a form shows per field.
 */
import { errors } from '@vinejs/vine'
import type { I18n } from '@adonisjs/i18n'
import type { MessagesProviderContact } from '@vinejs/vine/types'

/**
 * Validation messages of one page's namespace: `<namespace>.rules.<rule>` (cross-field rules)
 * and `<namespace>.fields.<field>` first, then the shared validator messages.
 */
export function scopedMessages(i18n: I18n, namespace: string): MessagesProviderContact {
  const shared = i18n.createMessagesProvider()
  const label = (name: string) => {
    const found = i18n.resolveIdentifier(`${namespace}.fields.${name}`)
    return found ? i18n.formatRawMessage(found.message) : name
  }
  return {
    getMessage(message, rule, field, meta) {
      const own = i18n.resolveIdentifier(`${namespace}.rules.${rule}`)
      if (own)
        return i18n.formatRawMessage(own.message, { ...meta, field: label(String(field.name)) })
      return shared.getMessage(message, rule, { ...field, name: label(String(field.name)) }, meta)
    },
  }
}

/** Broken rules as a validation error: the form shows each message under its field. */
export function ruleErrors(
  messages: MessagesProviderContact,
  problems: { field: string; rule: string }[]
) {
  return new errors.E_VALIDATION_ERROR(
    problems.map(({ field, rule }) => ({
      field,
      rule,
      message: messages.getMessage(rule, rule, { name: field, wildCardPath: field } as never),
    }))
  )
}
