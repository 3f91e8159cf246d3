// Preloaded into our server by BENCH_MEMLOG=1 (node --import): logs V8 heap and RSS figures
// every 5 s (MEMLOG_MS) to stderr, to see where the server's RSS goes.
import { getHeapSpaceStatistics } from 'node:v8'

const mb = (bytes) => (bytes / 1048576).toFixed(1)
setInterval(
  () => {
    const usage = process.memoryUsage()
    const spaces = getHeapSpaceStatistics()
      .map((space) => `${space.space_name.replace('_space', '')}=${mb(space.space_size)}`)
      .join(' ')
    console.error(
      `[memlog] rss=${mb(usage.rss)} heapTotal=${mb(usage.heapTotal)} heapUsed=${mb(usage.heapUsed)} ` +
        `external=${mb(usage.external)} arrayBuffers=${mb(usage.arrayBuffers)} | ${spaces}`
    )
  },
  Number(process.env.MEMLOG_MS ?? 5000)
).unref()
