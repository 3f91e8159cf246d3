import env from '#start/env'
import { defineConfig, stores } from '@adonisjs/limiter'
import type { InferLimiters } from '@adonisjs/limiter/types'

const store = env.get('LIMITER_STORE')

const limiterConfig = defineConfig({
  default: store,
  stores: {
    database: stores.database({ tableName: 'rate_limits', connectionName: 'central' }),
    memory: stores.memory({}),
    ...(store === 'redis' ? { redis: stores.redis({ connectionName: 'main' }) } : {}),
  },
})

export default limiterConfig

declare module '@adonisjs/limiter/types' {
  export interface LimitersList extends InferLimiters<typeof limiterConfig> {}
}
