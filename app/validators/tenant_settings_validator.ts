import vine from '@vinejs/vine'
import { CSS_LENGTH, HEX_COLOR } from '#services/theme_service'

const hexColor = () => vine.string().trim().regex(HEX_COLOR).optional()

export const tenantSettingsValidator = vine.create({
  name: vine.string().trim().minLength(2).maxLength(120),
  timezone: vine.string().trim().use(validTimezone()),
  locale: vine.enum(['id', 'en']),
  primary: hexColor(),
  secondary: hexColor(),
  accent: hexColor(),
  radius: vine.string().trim().regex(CSS_LENGTH).optional(),
})

/** An IANA time zone known to this Node (Asia/Jakarta, Asia/Makassar, Asia/Jayapura, …). */
function validTimezone() {
  const zones = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])
  return vine.createRule((value, _options, field) => {
    if (typeof value === 'string' && !zones.has(value))
      field.report('The {{ field }} is not a known time zone', 'timezone', field)
  })()
}
