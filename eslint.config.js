import { configApp } from '@adonisjs/eslint-config'

export default configApp(
  { ignores: ['public/assets/**', 'build/**', 'tmp/**', 'storage/**'] },
  {
    // Assertions on awaited responses read best inline in tests.
    files: ['tests/**/*.ts', 'bench/**/*.ts'],
    rules: { '@unicorn/no-await-expression-member': 'off' },
  }
)
