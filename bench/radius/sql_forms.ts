/*
 * What each form of the RADIUS hot-path statements costs MariaDB, on the data bench/radius/run.sh
 * loaded (run it with BENCH_KEEP=1 first). One connection, one statement at a time; MariaDB's
 * CPU time from /proc per user (profile loads) or per row (accounting). Prints figures, never
 * asserts. The forms are written out here, the adopted ones beside the alternatives measured
 * (bench/radius/README.md, session 7).
 *
 *   node --import @poppinss/ts-exec bench/radius/sql_forms.ts [loads|shared|accounting]
 *
 * MYSQL_HOST / MYSQL_PORT / MYSQL_USER / MYSQL_PASSWORD as for run.sh. `accounting` writes only
 * into a scratch database, rbbench_sql_forms, dropped at the end.
 */
import { execSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import mysql from 'mysql2/promise'

const env = process.env
const connection = await mysql.createConnection({
  host: env.MYSQL_HOST ?? '127.0.0.1',
  port: Number(env.MYSQL_PORT ?? 3306),
  user: env.MYSQL_USER ?? 'root',
  password: env.MYSQL_PASSWORD ?? '',
  multipleStatements: true,
})
const schema = (tenant: number) => `\`rbbench_t_rbbench_r${tenant}\`.`
const mysqld = Number(execSync('pgrep -o -x mariadbd || pgrep -o -x mysqld').toString().trim())
const TICK_US = 1e6 / Number(execSync('getconf CLK_TCK').toString().trim() || 100)
const cpuUs = () => {
  const fields = readFileSync(`/proc/${mysqld}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) * TICK_US
}

/** Runs `step` `times` times; prints wall time and MariaDB CPU per unit (`units` a step). */
async function measure(label: string, times: number, units: number, step: () => Promise<void>) {
  for (let warm = 0; warm < Math.min(times, 50); warm++) await step()
  const cpu = cpuUs()
  const start = process.hrtime.bigint()
  for (let run = 0; run < times; run++) await step()
  const wall = Number(process.hrtime.bigint() - start) / 1e3
  const count = times * units
  console.log(
    `${label.padEnd(44)} wall ${(wall / count).toFixed(1).padStart(6)} µs  ` +
      `MariaDB ${((cpuUs() - cpu) / count).toFixed(1).padStart(6)} µs`
  )
}

// ---- profile loads ------------------------------------------------------------------------

/** Five SELECTs for the `k`-th user (the one-user form, and the form before session 7). */
function perUser(k: number, prefix: string): string {
  return `SELECT ${k} AS k, 1 AS src, 0 AS priority, '' AS grp, id, attribute, op, value
  FROM ${prefix}radcheck WHERE username = ?
UNION ALL SELECT ${k}, 2, 0, '', id, attribute, op, value
  FROM ${prefix}radreply WHERE username = ?
UNION ALL SELECT ${k}, 3, priority, groupname, id, '', '', ''
  FROM ${prefix}radusergroup WHERE username = ?
UNION ALL SELECT ${k}, 4, g.priority, g.groupname, c.id, c.attribute, c.op, c.value
  FROM ${prefix}radusergroup g JOIN ${prefix}radgroupcheck c ON c.groupname = g.groupname
  WHERE g.username = ?
UNION ALL SELECT ${k}, 5, g.priority, g.groupname, r.id, r.attribute, r.op, r.value
  FROM ${prefix}radusergroup g JOIN ${prefix}radgroupreply r ON r.groupname = g.groupname
  WHERE g.username = ?`
}

type Shape = 'five joins' | 'groups in one join' | 'no group joins'

/** The list of names of tenant `t` (`v<t>`) and the joins of the profile tables with it. */
function joined(t: number, count: number, prefix: string, shape: Shape) {
  const v = `v${t}`
  const names = Array.from({ length: count }, (_, k) =>
    k === 0 ? 'SELECT 0 AS k, ? AS name' : `SELECT ${k}, ?`
  )
  const on = (table: string, alias: string) =>
    `FROM ${v} JOIN ${prefix}${table} ${alias} ON ${alias}.username = ${v}.name`
  const selects = [
    `SELECT ${t} AS t, ${v}.k AS k, 1 AS src, c.id, c.attribute, NULL AS rid
      ${on('radcheck', 'c')}`,
    `SELECT ${t}, ${v}.k, 2, r.id, r.attribute, NULL ${on('radreply', 'r')}`,
  ]
  if (shape === 'five joins') {
    selects.push(
      `SELECT ${t}, ${v}.k, 3, u.id, u.groupname, NULL ${on('radusergroup', 'u')}`,
      `SELECT ${t}, ${v}.k, 4, c.id, c.attribute, NULL ${on('radusergroup', 'g')}
        JOIN ${prefix}radgroupcheck c ON c.groupname = g.groupname`,
      `SELECT ${t}, ${v}.k, 5, r.id, r.attribute, NULL ${on('radusergroup', 'g')}
        JOIN ${prefix}radgroupreply r ON r.groupname = g.groupname`
    )
  } else if (shape === 'groups in one join') {
    selects.push(`SELECT ${t}, ${v}.k, 3, c.id, c.attribute, r.id ${on('radusergroup', 'g')}
      LEFT JOIN ${prefix}radgroupcheck c ON c.groupname = g.groupname
      LEFT JOIN ${prefix}radgroupreply r ON r.groupname = g.groupname`)
  }
  selects.push(`SELECT ${t}, 0, 6, version, '', NULL FROM ${prefix}radius_versions WHERE id = 1`)
  return { names: `${v} AS (${names.join(' UNION ALL ')})`, selects: selects.join('\nUNION ALL ') }
}

function joinedStatement(tenants: number, count: number, shape: Shape): string {
  const parts = Array.from({ length: tenants }, (_, t) =>
    joined(t, count, tenants === 1 ? '' : schema(t), shape)
  )
  return `WITH ${parts.map((part) => part.names).join(',\n')}
${parts.map((part) => part.selects).join('\nUNION ALL ')}`
}

let next = 0
/** `count` users of each of `tenants` tenants, different ones each time. */
function usersOf(tenants: number, count: number): string[] {
  const list: string[] = []
  for (let t = 0; t < tenants; t++) {
    for (let k = 0; k < count; k++) list.push(`b${t}u${next++ % 10_000}`)
  }
  return list
}

async function loads() {
  await connection.query(`USE rbbench_t_rbbench_r0`)
  for (const count of [1, 6, 32]) {
    const five = Array.from({ length: count }, (_, k) => perUser(k, '')).join('\nUNION ALL ')
    const times = Math.ceil(3000 / count)
    await measure(`one tenant, ${count} users: five SELECTs each`, times, count, async () => {
      await connection.query(
        five,
        usersOf(1, count).flatMap((name) => Array(5).fill(name))
      )
    })
    const join = joinedStatement(1, count, 'five joins')
    await measure(`one tenant, ${count} users: joined with the names`, times, count, async () => {
      await connection.query(join, usersOf(1, count))
    })
  }
}

async function shared() {
  for (const [tenants, count] of [
    [10, 2],
    [10, 3],
    [5, 4],
  ]) {
    const times = Math.ceil(4000 / (tenants * count))
    for (const shape of ['five joins', 'groups in one join', 'no group joins'] as const) {
      const sql = joinedStatement(tenants, count, shape)
      await measure(`${tenants} tenants × ${count} users: ${shape}`, times, tenants * count, () =>
        connection.query(sql, usersOf(tenants, count)).then(() => undefined)
      )
    }
  }
}

// ---- accounting ---------------------------------------------------------------------------

const SCRATCH = 'rbbench_sql_forms'
const INTERIM = `UPDATE ${SCRATCH}.radacct SET acctinterval = 60,
  acctsessiontime = GREATEST(COALESCE(acctsessiontime, 0), ?),
  acctinputoctets = GREATEST(COALESCE(acctinputoctets, 0), ?),
  acctoutputoctets = GREATEST(COALESCE(acctoutputoctets, 0), ?), acctupdatetime = NOW()
  WHERE acctuniqueid = ?`

async function accounting() {
  const sessions = 20_000
  await connection.query(`DROP DATABASE IF EXISTS ${SCRATCH}; CREATE DATABASE ${SCRATCH};
    CREATE TABLE ${SCRATCH}.radacct LIKE ${schema(0)}radacct`)
  try {
    for (let first = 0; first < sessions; first += 1000) {
      const rows = Array.from(
        { length: 1000 },
        (_, i) => `('s${first + i}', 'u${first + i}', 'b0u${first + i}', '10.0.0.1', NOW(), NOW())`
      )
      await connection.query(`INSERT INTO ${SCRATCH}.radacct (acctsessionid, acctuniqueid,
        username, nasipaddress, acctstarttime, acctupdatetime) VALUES ${rows.join(', ')}`)
    }
    let row = 0
    const interim = () => {
      row++
      return [row, row * 100, row * 200, `u${row % sessions}`]
    }
    const times = 8000
    await measure('an UPDATE a round trip, autocommitted', times, 1, async () => {
      await connection.query(INTERIM, interim())
    })
    for (const rows of [2, 8]) {
      const statements = Array(rows).fill(INTERIM)
      const values = () => statements.flatMap(() => interim())
      await measure(`${rows} UPDATEs in one query, autocommitted`, times / rows, rows, async () => {
        await connection.query(statements.join(';\n'), values())
      })
      const transaction = ['START TRANSACTION', ...statements, 'COMMIT'].join(';\n')
      await measure(`${rows} UPDATEs in one query, one transaction`, times / rows, rows, () =>
        connection.query(transaction, values()).then(() => undefined)
      )
      await measure(
        `${rows} UPDATEs a round trip each, one transaction`,
        times / rows,
        rows,
        async () => {
          await connection.query('START TRANSACTION')
          for (let at = 0; at < rows; at++) await connection.query(INTERIM, interim())
          await connection.query('COMMIT')
        }
      )
    }
  } finally {
    await connection.query(`DROP DATABASE ${SCRATCH}`)
  }
}

const sections = { loads, shared, accounting }
const chosen = process.argv[2] as keyof typeof sections | undefined
try {
  for (const [name, run] of Object.entries(sections)) {
    if (chosen && chosen !== name) continue
    console.log(`--- ${name}`)
    await run()
  }
} finally {
  await connection.end()
}
