import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { defineConfig, type Plugin } from 'vite'
import adonisjs from '@adonisjs/vite/client'
import tailwindcss from '@tailwindcss/vite'
import { parseTheme, themeToCss } from './app/services/theme_service.ts'

const THEME_FILE = resolve('theme.json')
const APP_CSS = resolve('resources/css/app.css')

/**
 * Appends the theme.json defaults of the --rb-* variables to app.css, so pages are coloured even
 * without a tenant's inline <style>. They sit in the `base` layer, so that unlayered inline block
 * always wins. Runs before Tailwind (both are `pre`; order in `plugins` decides).
 */
function themeDefaults(): Plugin {
  return {
    name: 'rb-theme-defaults',
    enforce: 'pre',
    transform(code, id) {
      if (id.split('?')[0] !== APP_CSS) return
      this.addWatchFile(THEME_FILE)
      const theme = parseTheme(JSON.parse(readFileSync(THEME_FILE, 'utf8')))
      return { code: `${code}\n@layer base {\n${themeToCss(theme)}}\n`, map: null }
    },
  }
}

export default defineConfig({
  plugins: [
    themeDefaults(),
    tailwindcss(),
    adonisjs({
      entryPoints: ['resources/css/app.css', 'resources/js/app.js'],
      reload: ['resources/views/**/*.edge'],
    }),
  ],
  server: {
    // The app itself decides which hosts it serves (tenant subdomains, custom domains).
    allowedHosts: true,
    // Tests run the dev server in middleware mode; several runs must not fight over the HMR port.
    hmr: process.env.NODE_ENV === 'test' ? false : undefined,
    watch: {
      ignored: ['**/storage/**', '**/tmp/**'],
    },
  },
})
