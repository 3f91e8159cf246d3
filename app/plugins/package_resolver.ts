/*
 * Finds the entry file of a plugin named by its npm package name, the way Node looks up a bare
 * import from the app root: `<dir>/node_modules/<name>`, walking up. Covers the `exports` forms
 * plugin packages use (a string, `"."`, and the import/node/default conditions); anything more
 * exotic can be listed in config/plugins.ts as `() => import('name')` instead.
 */
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { PluginError } from './errors.js'

const CONDITIONS = ['import', 'node', 'default']

/** The node_modules folders Node would search from `root`, nearest first. */
export function nodeModulesPaths(root: string): string[] {
  const paths: string[] = []
  for (let dir = root; ; dir = dirname(dir)) {
    paths.push(join(dir, 'node_modules'))
    if (dirname(dir) === dir) return paths
  }
}

function exportTarget(exports: unknown): string | undefined {
  if (typeof exports === 'string') return exports
  if (Array.isArray(exports)) return exports.map(exportTarget).find(Boolean)
  if (!exports || typeof exports !== 'object') return undefined
  const map = exports as Record<string, unknown>
  if (Object.keys(map).some((key) => key.startsWith('.'))) return exportTarget(map['.'])
  for (const condition of CONDITIONS) {
    const target = condition in map ? exportTarget(map[condition]) : undefined
    if (target) return target
  }
  return undefined
}

async function readManifest(file: string): Promise<Record<string, unknown> | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new PluginError(`Cannot read ${file}: ${(error as Error).message}`, 'E_PLUGIN_LOAD', [], {
      cause: error,
    })
  }
}

/** The file URL to import for package `name`, searched in `directories` in order. */
export async function resolvePluginPackage(
  name: string,
  directories: readonly string[]
): Promise<URL> {
  for (const directory of directories) {
    const root = join(directory, name)
    const pkg = await readManifest(join(root, 'package.json'))
    if (!pkg) continue
    const entry =
      exportTarget(pkg.exports) ?? (typeof pkg.main === 'string' ? pkg.main : 'index.js')
    return pathToFileURL(join(root, entry))
  }
  throw new PluginError(
    `Plugin package "${name}" listed in config/plugins.ts is not installed ` +
      `(looked in ${directories.join(', ')}). Run \`npm install ${name}\` or remove it from config/plugins.ts.`,
    'E_PLUGIN_LOAD'
  )
}
