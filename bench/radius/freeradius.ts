/*
 * A private FreeRADIUS 3 configuration for the benchmark, made from the Debian package's stock
 * one (/etc/freeradius/3.0) under tmp/bench/radius/fr-<variant>/, listening on 127.0.0.1 only.
 *
 * - rlm_sql on MariaDB with the stock MySQL queries. All tenants' NAS share 127.0.0.1 (one
 *   FreeRADIUS client, one secret); a policy maps NAS-Identifier to the tenant database and the
 *   table names are qualified with it (`<db>.radcheck`), so one sql instance and one connection
 *   pool serve all tenants, as our server's pools do.
 * - `stock`: the default site as shipped (files, expiration, logintime, pap…; post-auth inserts
 *   into radpostauth; accounting writes the detail file, radwtmp and radacct).
 * - `lean`: the same without the post-auth radpostauth insert and the detail file, with a
 *   4 MiB receive buffer: the configuration of the bar in docs/RADIUS.md.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BenchManifest } from './manifest.js'

export type FreeradiusVariant = 'stock' | 'lean'

/** Where FreeRADIUS listens and the secret every NAS uses with it. */
export interface FreeradiusSetup {
  dir: string
  authPort: number
  acctPort: number
  secret: string
}

const STOCK = '/etc/freeradius/3.0'

/** Removes the top-level `name { … }` blocks of `text` (brace-matched). */
function dropBlocks(text: string, name: string): string {
  const opening = new RegExp(`^\\s*${name}\\s*\\{`, 'm')
  let result = text
  for (let match = opening.exec(result); match; match = opening.exec(result)) {
    let depth = 0
    let end = match.index + match[0].length - 1
    for (; end < result.length; end++) {
      if (result[end] === '{') depth++
      else if (result[end] === '}' && --depth === 0) break
    }
    result = result.slice(0, match.index) + result.slice(end + 1)
  }
  return result
}

/** Writes the configuration and returns where it is. */
export function freeradiusConfig(
  root: string,
  variant: FreeradiusVariant,
  manifest: BenchManifest,
  ports: { auth: number; acct: number },
  mysql: { host: string; port: number; user: string; password: string; socket?: string }
): FreeradiusSetup {
  const dir = join(root, `fr-${variant}`)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(join(dir, 'log'), { recursive: true })
  mkdirSync(join(dir, 'run'), { recursive: true })
  const raddb = join(dir, 'raddb')
  execFileSync('cp', ['-a', STOCK, raddb])
  const secret = 'rbbench-freeradius-secret'

  // radiusd.conf: our directories, and no switch to the freerad user (tmp/ belongs to us).
  let radiusd = readFileSync(join(raddb, 'radiusd.conf'), 'utf8')
  radiusd = radiusd
    .replace(/^logdir = .*$/m, `logdir = ${join(dir, 'log')}`)
    .replace(/^raddbdir = .*$/m, `raddbdir = ${raddb}`)
    .replace(/^run_dir = .*$/m, `run_dir = ${join(dir, 'run')}`)
    .replace(/^(\s*)(user|group) = freerad$/gm, '$1#$2 = freerad')
  writeFileSync(join(raddb, 'radiusd.conf'), radiusd)

  writeFileSync(
    join(raddb, 'clients.conf'),
    `client bench4 {\n\tipaddr = 127.0.0.1\n\tsecret = ${secret}\n}\n`
  )

  // The tenant of a request, from its NAS-Identifier.
  const cases = manifest.tenants
    .map(
      (tenant) =>
        `\t\tcase "${tenant.nasIdentifier}" {\n\t\t\tupdate control {\n` +
        `\t\t\t\t&Tmp-String-0 := "${tenant.dbName}"\n\t\t\t}\n\t\t}\n`
    )
    .join('')
  writeFileSync(
    join(raddb, 'policy.d', 'rbbench_tenant'),
    `rbbench_tenant {\n\tswitch &NAS-Identifier {\n${cases}\t\tcase {\n\t\t\treject\n\t\t}\n\t}\n}\n`
  )

  // rlm_sql on MariaDB: the stock module with the stock queries, tables qualified by tenant.
  const table = (name: string) => `"%{control:Tmp-String-0}.${name}"`
  writeFileSync(
    join(raddb, 'mods-available', 'sql'),
    `sql {
	dialect = "mysql"
	driver = "rlm_sql_mysql"
	mysql {
		warnings = auto
	}
	server = "${mysql.socket ? 'localhost' : mysql.host}"
	port = ${mysql.port}
	login = "${mysql.user}"
	password = "${mysql.password}"
	radius_db = "${manifest.tenants[0].dbName}"
	acct_table1 = ${table('radacct')}
	acct_table2 = ${table('radacct')}
	postauth_table = ${table('radpostauth')}
	authcheck_table = ${table('radcheck')}
	groupcheck_table = ${table('radgroupcheck')}
	authreply_table = ${table('radreply')}
	groupreply_table = ${table('radgroupreply')}
	usergroup_table = ${table('radusergroup')}
	delete_stale_sessions = yes
	pool {
		start = \${thread[pool].start_servers}
		min = \${thread[pool].min_spare_servers}
		max = \${thread[pool].max_servers}
		spare = \${thread[pool].max_spare_servers}
		uses = 0
		retry_delay = 30
		lifetime = 0
		idle_timeout = 60
	}
	client_table = "nas"
	group_attribute = "SQL-Group"
	$INCLUDE \${modconfdir}/\${.:name}/main/\${dialect}/queries.conf
}
`
  )
  execFileSync('ln', ['-sf', '../mods-available/sql', join(raddb, 'mods-enabled', 'sql')])

  // The default site with our listeners; EAP's inner tunnel is not needed for PAP.
  unlinkSync(join(raddb, 'sites-enabled', 'inner-tunnel'))
  let site = readFileSync(join(raddb, 'sites-available', 'default'), 'utf8')
  site = dropBlocks(site, 'listen')
  const buffer = variant === 'lean' ? '\n\trecv_buff = 4194304' : ''
  site = site.replace(
    /^server default \{/m,
    `server default {
listen {
	type = auth
	ipaddr = 127.0.0.1
	port = ${ports.auth}${buffer}
}
listen {
	type = acct
	ipaddr = 127.0.0.1
	port = ${ports.acct}${buffer}
}`
  )
  site = site.replace(/^authorize \{/m, 'authorize {\n\trbbench_tenant')
  site = site.replace(/^preacct \{/m, 'preacct {\n\trbbench_tenant')
  if (variant === 'lean') {
    // No per-login radpostauth insert (post-auth and its REJECT subsection), no detail file.
    const postAuth = site.indexOf('\npost-auth {')
    site = site.slice(0, postAuth) + site.slice(postAuth).replace(/^\s*-sql\s*$/gm, '')
    const accounting = site.indexOf('\naccounting {')
    site =
      site.slice(0, accounting) + site.slice(accounting).replace(/^(\s*)detail\s*$/m, '$1#detail')
  }
  const link = join(raddb, 'sites-enabled', 'default')
  unlinkSync(link)
  writeFileSync(link, site)
  return { dir, authPort: ports.auth, acctPort: ports.acct, secret }
}
