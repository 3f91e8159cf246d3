import app from '@adonisjs/core/services/app'
import { defineConfig, formatters, loaders } from '@adonisjs/i18n'

/** Indonesian by default, English switchable; messages in resources/lang/<locale>/*.json. */
const i18nConfig = defineConfig({
  defaultLocale: 'id',
  supportedLocales: ['id', 'en'],
  formatter: formatters.icu(),
  loaders: [loaders.fs({ location: app.languageFilesPath() })],
})

export default i18nConfig
