/*
 * RADIUS benchmark driver (started by bench/radius/run.sh once setup.ts has loaded the data).
 * For each server in BENCH_SERVERS it starts the server, drives the same load with radclient
 * and with loadgen.ts, reads the server's and mysqld's CPU time from /proc, and prints the
 * figures, then ours / FreeRADIUS side by side. Never asserts.
 *
 * Servers: `ours` (node ace radius:serve, profile cache on), `ours-nocache`
 * (RADIUS_PROFILE_CACHE=off), `fr-stock` and `fr-lean` (FreeRADIUS 3 + rlm_sql, freeradius.ts).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import mysql from 'mysql2/promise'
import { freeradiusConfig, type FreeradiusVariant } from './freeradius.js'
import { macOf, random, readManifest, userOf } from './manifest.js'

const ROOT = new URL('../../', import.meta.url).pathname
const WORK = join(ROOT, 'tmp/bench/radius')
const manifest = readManifest(join(WORK, 'manifest.json'))
const env = process.env
const num = (name: string, fallback: number) => Number(env[name] ?? fallback)
const totalUsers = manifest.tenants.reduce((sum, tenant) => sum + tenant.users, 0)
const hasFreeradius = spawnSync('sh', ['-c', 'command -v freeradius']).status === 0
const SERVERS = (env.BENCH_SERVERS ?? 'ours ours-nocache fr-stock fr-lean')
  .split(/\s+/)
  .filter((name) => name && (!name.startsWith('fr-') || hasFreeradius))
const CHUNK = 2000
const RADCLIENTS = num('BENCH_RADCLIENTS', 4)
// radclient busy-waits for replies (its own source says so: a select() without timeout for
// each packet of its list, over and over), so at the normal priority four of them take CPU
// from the server under test the longer they wait, and the kernel shares the cores per
// thread, which favours a server of many threads. At nice 19 they get what the servers leave.
const RADCLIENT_NICE = num('BENCH_RADCLIENT_NICE', 19)
// Every server runs from start to end of the run, each on its own ports (see the run below).
const PORTS: Record<string, { auth: number; acct: number }> = {
  'ours': { auth: num('RADIUS_AUTH_PORT', 18112), acct: num('RADIUS_ACCT_PORT', 18113) },
  'ours-nocache': { auth: 18122, acct: 18123 },
  'fr-stock': { auth: 18212, acct: 18213 },
  'fr-lean': { auth: 18222, acct: 18223 },
}
const unknown = SERVERS.filter((name) => !PORTS[name])
if (unknown.length > 0)
  throw new Error(`BENCH_SERVERS: unknown ${unknown.join(', ')} (${Object.keys(PORTS).join(', ')})`)
// As the README's production command and the worker supervisor (RADIUS_MALLOC_ARENA_MAX).
const OURS_MALLOC_ARENA_MAX = env.BENCH_OURS_MALLOC_ARENA_MAX ?? '1'

// ---- /proc ---------------------------------------------------------------------------------

const TICK_MS = 1000 / Number(spawnSync('getconf', ['CLK_TCK']).stdout.toString().trim() || 100)

function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS
  } catch {
    return 0
  }
}

function statusKb(pid: number, key: 'VmHWM' | 'VmRSS' | 'RssAnon' | 'RssFile'): number {
  try {
    const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(
      readFileSync(`/proc/${pid}/status`, 'utf8')
    )
    return match ? Number(match[1]) : 0
  } catch {
    return 0
  }
}

/** Time each thread of `pids` has spent runnable but waiting for a CPU (schedstat), ms. */
function queuedMs(pids: number[]): Map<number, number> {
  const byThread = new Map<number, number>()
  for (const pid of pids) {
    try {
      for (const task of readdirSync(`/proc/${pid}/task`)) {
        try {
          const stat = readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8')
          byThread.set(Number(task), Number(stat.split(' ')[1]) / 1e6)
        } catch {}
      }
    } catch {}
  }
  return byThread
}

/** Queue time since `before`, per thread: FreeRADIUS starts and ends threads as load varies. */
function queuedSince(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0
  for (const [thread, ms] of after) total += ms - (before.get(thread) ?? 0)
  return total
}

/** `pid` and its descendants (RADIUS_WORKERS > 1 forks workers). */
function processTree(pid: number): number[] {
  const children = new Map<number, number[]>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)])
    } catch {}
  }
  const all = [pid]
  for (let i = 0; i < all.length; i++) all.push(...(children.get(all[i]) ?? []))
  return all
}

function mysqldPid(): number | undefined {
  const found =
    spawnSync('pgrep', ['-x', 'mariadbd']).stdout.toString().trim() ||
    spawnSync('pgrep', ['-x', 'mysqld']).stdout.toString().trim()
  return found ? Number(found.split('\n')[0]) : undefined
}

// ---- servers -------------------------------------------------------------------------------

interface Server {
  name: string
  ports: { auth: number; acct: number }
  /** The secret of a tenant's NAS on this server. */
  secretOf: (tenant: number) => string
  child: ChildProcess
  pids: () => number[]
}

function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = ''
    const done = (error?: Error) => {
      clearTimeout(timer)
      child.stdout?.off('data', onData)
      child.stderr?.off('data', onData)
      child.off('exit', onExit)
      if (error) reject(error)
      else resolve()
    }
    const timer = setTimeout(
      () => done(new Error(`server not ready after ${timeoutMs} ms:\n${output.slice(-2000)}`)),
      timeoutMs
    )
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (pattern.test(output)) done()
    }
    const onExit = (code: number | null) =>
      done(new Error(`server exited (${code}):\n${output.slice(-2000)}`))
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', onExit)
  })
}

/** The server's output, in tmp/bench/radius/<server>.log. */
function keepLog(child: ChildProcess, name: string): void {
  const log = createWriteStream(join(WORK, `${name}.log`))
  child.stdout?.pipe(log)
  child.stderr?.pipe(log)
}

async function startServer(name: string): Promise<Server> {
  if (name.startsWith('ours')) {
    // Built JS (build.sh, as `node ace build` would make it) or the sources through ts-exec.
    const built = env.BENCH_OURS_CMD !== 'source'
    // BENCH_MEMLOG=1: V8 heap figures every 5 s in tmp/bench/radius/<server>.log.
    const memlog = env.BENCH_MEMLOG ? ` --import ${join(ROOT, 'bench/radius/memlog.mjs')}` : ''
    const child = spawn('node', [built ? 'bin/console.js' : 'ace', 'radius:serve'], {
      cwd: built ? join(WORK, 'build') : ROOT,
      env: {
        ...env,
        NODE_OPTIONS: (env.BENCH_OURS_NODE_OPTIONS ?? '') + memlog,
        MALLOC_ARENA_MAX: OURS_MALLOC_ARENA_MAX,
        RADIUS_PROFILE_CACHE: name === 'ours-nocache' ? 'off' : 'on',
        RADIUS_AUTH_PORT: String(PORTS[name].auth),
        RADIUS_ACCT_PORT: String(PORTS[name].acct),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    keepLog(child, name)
    // The acct socket opens last; with workers each logs it.
    await waitForOutput(child, /RADIUS acct listening/, 60_000)
    await new Promise((resolve) => setTimeout(resolve, 1000))
    return {
      name,
      ports: PORTS[name],
      secretOf: (tenant) => manifest.tenants[tenant].secret,
      child,
      pids: () => processTree(child.pid!),
    }
  }
  const variant = name.slice(3) as FreeradiusVariant
  const setup = freeradiusConfig(WORK, variant, manifest, PORTS[name], {
    host: env.MYSQL_HOST ?? '127.0.0.1',
    port: num('MYSQL_PORT', 3306),
    user: env.MYSQL_USER ?? 'root',
    password: env.MYSQL_PASSWORD ?? '',
    socket: env.MYSQL_SOCKET || undefined,
  })
  const child = spawn('freeradius', ['-f', '-d', join(setup.dir, 'raddb'), '-l', 'stdout'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  keepLog(child, name)
  await waitForOutput(child, /Ready to process requests/, 30_000)
  return {
    name,
    ports: PORTS[name],
    secretOf: () => setup.secret,
    child,
    pids: () => [child.pid!],
  }
}

async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode !== null) return
  const exited = new Promise((resolve) => server.child.once('exit', resolve))
  server.child.kill('SIGTERM')
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 15_000)
  await exited
  clearTimeout(timer)
}

// ---- load ----------------------------------------------------------------------------------

interface Figures {
  server: string
  tool: string
  work: string
  inflight: number
  requests: number
  ok: number
  lost: number
  seconds: number
  rps: number
  p50?: number
  p99?: number
  serverCpuUs: number
  mysqldCpuUs: number
  /** SQL statements MariaDB ran per answered request. */
  statements: number
  /** Share of the wall time the server's threads waited for a CPU (other load on the box), %. */
  queuedPct: number
}

function run(command: string, args: string[], options: { cwd?: string } = {}) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.on('close', (code) => resolve({ code, output }))
  })
}

/** radclient input: auth chunks (one tenant each, 2,000 random users), shared by all servers. */
function authChunks(packets: number): { file: string; tenant: number }[] {
  const dir = join(WORK, 'radclient')
  mkdirSync(dir, { recursive: true })
  const next = random(7)
  const chunks = []
  for (let c = 0; c * CHUNK < packets; c++) {
    const tenant = manifest.tenants[c % manifest.tenants.length]
    const lines: string[] = []
    for (let i = 0; i < Math.min(CHUNK, packets - c * CHUNK); i++) {
      const index = Math.floor(next() * tenant.users)
      const { username, password } = userOf(tenant.index, index)
      lines.push(
        `User-Name = "${username}"\nUser-Password = "${password}"\n` +
          `NAS-Identifier = "${tenant.nasIdentifier}"\nNAS-IP-Address = 127.0.0.1\n` +
          `Service-Type = Login-User\nNAS-Port-Type = Wireless-802.11\n` +
          `Calling-Station-Id = "${macOf(tenant.index * 1_000_000 + index)}"\n` +
          `Called-Station-Id = "hotspot1"\nMessage-Authenticator = 0x00\n`
      )
    }
    const file = join(dir, `auth-${c}.txt`)
    writeFileSync(file, lines.join('\n'))
    chunks.push({ file, tenant: tenant.index })
  }
  return chunks
}

/** Accounting chunks: sessions of one tenant, all Starts, then Interims, then Stops. */
function acctChunks(packets: number, prefix: string): { file: string; tenant: number }[] {
  const dir = join(WORK, 'radclient')
  mkdirSync(dir, { recursive: true })
  const next = random(11)
  const chunks = []
  const perChunk = Math.floor(CHUNK / 3)
  for (let c = 0; c * perChunk * 3 < packets; c++) {
    const tenant = manifest.tenants[c % manifest.tenants.length]
    const sessions = Array.from({ length: perChunk }, (_, s) => ({
      index: Math.floor(next() * tenant.users),
      id: `${prefix}-${c}-${s}`,
    }))
    const blocks: string[] = []
    for (const [status, time, octets] of [
      ['Start', 0, 0],
      ['Interim-Update', 300, 5_000_000],
      ['Stop', 600, 12_000_000],
    ] as const) {
      for (const session of sessions) {
        const { username } = userOf(tenant.index, session.index)
        blocks.push(
          `Acct-Status-Type = ${status}\nUser-Name = "${username}"\n` +
            `Acct-Session-Id = "${session.id}"\nNAS-Identifier = "${tenant.nasIdentifier}"\n` +
            `NAS-IP-Address = 127.0.0.1\nNAS-Port = 15728641\nService-Type = Login-User\n` +
            `Acct-Authentic = RADIUS\nFramed-IP-Address = 10.10.${(session.index >> 8) & 255}.${session.index & 255}\n` +
            `Calling-Station-Id = "${macOf(tenant.index * 1_000_000 + session.index)}"\n` +
            `Called-Station-Id = "hotspot1"\nAcct-Session-Time = ${time}\n` +
            `Acct-Input-Octets = ${octets}\nAcct-Output-Octets = ${octets * 4}\n` +
            `Acct-Input-Gigawords = 0\nAcct-Output-Gigawords = 0\nAcct-Delay-Time = 0\n` +
            (status === 'Stop' ? 'Acct-Terminate-Cause = User-Request\n' : '')
        )
      }
    }
    const file = join(dir, `acct-${prefix}-${c}.txt`)
    writeFileSync(file, blocks.join('\n'))
    chunks.push({ file, tenant: tenant.index })
  }
  return chunks
}

interface Usage {
  serverCpuUs: number
  mysqldCpuUs: number
  statements: number
  queuedPct: number
}

interface Meter {
  stop(requests: number): Promise<Usage>
}

let statusConnection: mysql.Connection | undefined

/** Statements MariaDB has run (all clients: the benchmark is alone on it, ideally). */
async function questions(): Promise<number> {
  statusConnection ??= await mysql.createConnection({
    host: env.MYSQL_HOST ?? '127.0.0.1',
    port: num('MYSQL_PORT', 3306),
    user: env.MYSQL_USER ?? 'root',
    password: env.MYSQL_PASSWORD ?? '',
    socketPath: env.MYSQL_SOCKET || undefined,
  })
  const [rows] = await statusConnection.query("SHOW GLOBAL STATUS LIKE 'Questions'")
  return Number((rows as { Value: string }[])[0]?.Value ?? 0)
}

async function meter(server: Server): Promise<Meter> {
  const mysqld = mysqldPid()
  const serverStart = server.pids().reduce((sum, pid) => sum + cpuMs(pid), 0)
  const mysqldStart = mysqld ? cpuMs(mysqld) : 0
  const questionsStart = await questions()
  const queuedStart = queuedMs(server.pids())
  const wallStart = performance.now()
  return {
    async stop(requests) {
      const queued = queuedSince(queuedStart, queuedMs(server.pids()))
      const wall = performance.now() - wallStart
      const serverMs = server.pids().reduce((sum, pid) => sum + cpuMs(pid), 0) - serverStart
      const mysqldMs = (mysqld ? cpuMs(mysqld) : 0) - mysqldStart
      // Less the meter's own second status query.
      const statements = (await questions()) - questionsStart - 1
      const per = (value: number) => value / Math.max(1, requests)
      return {
        serverCpuUs: Math.round(per(serverMs * 1000)),
        mysqldCpuUs: Math.round(per(mysqldMs * 1000)),
        statements: Number(per(statements).toFixed(2)),
        queuedPct: Math.round((100 * queued) / Math.max(1, wall)),
      }
    },
  }
}

async function radclient(
  server: Server,
  kind: 'auth' | 'acct',
  parallel: number,
  chunks: { file: string; tenant: number }[]
): Promise<Figures> {
  const port = kind === 'auth' ? server.ports.auth : server.ports.acct
  const queue = [...chunks]
  let ok = 0
  let lost = 0
  let requests = 0
  const usage = await meter(server)
  const started = performance.now()
  await Promise.all(
    Array.from({ length: RADCLIENTS }, async () => {
      for (let chunk = queue.shift(); chunk; chunk = queue.shift()) {
        const args = ['-s', '-q', '-p', String(parallel), '-r', '3', '-t', '2', '-f', chunk.file]
        args.push(`127.0.0.1:${port}`, kind, server.secretOf(chunk.tenant))
        const { output } = await run('nice', ['-n', String(RADCLIENT_NICE), 'radclient', ...args])
        const count = (name: string) =>
          Number(new RegExp(`${name}\\s*:\\s*(\\d+)`).exec(output)?.[1] ?? 0)
        ok += count('Accepted')
        lost += count('Lost') + count('Rejected')
        requests += count('Accepted') + count('Rejected') + count('Lost')
      }
    })
  )
  const seconds = (performance.now() - started) / 1000
  return {
    server: server.name,
    tool: `radclient -p ${parallel} ×${RADCLIENTS}`,
    work: kind,
    inflight: parallel * RADCLIENTS,
    requests,
    ok,
    lost,
    seconds,
    rps: Math.round(ok / seconds),
    ...(await usage.stop(ok)),
  }
}

async function loadgen(
  server: Server,
  kind: 'auth' | 'acct',
  inflight: number,
  count: number,
  extra: string[] = [],
  label: string = kind,
  maxSeconds = num('BENCH_MAX_SECONDS', 60)
): Promise<Figures> {
  const args = ['--import', '@poppinss/ts-exec', 'bench/radius/loadgen.ts']
  args.push('--port', String(kind === 'auth' ? server.ports.auth : server.ports.acct))
  args.push('--kind', kind, '--inflight', String(inflight), '--count', String(count))
  args.push('--max-seconds', String(maxSeconds))
  args.push('--session-prefix', `${server.name}-${Date.now().toString(36)}`)
  if (server.name.startsWith('fr-')) args.push('--secret', server.secretOf(0))
  args.push(...extra)
  const usage = await meter(server)
  const { output } = await run('node', args)
  const line = output.split('\n').find((text) => text.startsWith('{"kind"'))
  if (!line) throw new Error(`loadgen failed:\n${output}`)
  const result = JSON.parse(line)
  return {
    server: server.name,
    tool: 'loadgen',
    work: label,
    inflight,
    requests: result.sent,
    ok: result.accepts,
    lost: result.timeouts + result.rejects,
    seconds: result.seconds,
    rps: result.rps,
    p50: result.p50,
    p99: result.p99,
    ...(await usage.stop(result.completed)),
  }
}

const median = (values: number[]) => {
  const sorted = values.toSorted((x, y) => x - y)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/**
 * One login at a time, in BENCH_SERIAL_ROUNDS rounds (5) of `count` on each server in turn:
 * the p99 of a round is that of its 1 % slowest logins, which a burst of other work on a
 * shared machine decides; the median round is reported, every round printed.
 */
async function oneAtATime(servers: Server[], count: number): Promise<Figures[]> {
  const rounds = servers.map((): Figures[] => [])
  for (let round = 0; round < Math.max(1, num('BENCH_SERIAL_ROUNDS', 5)); round++) {
    for (const [at, server] of servers.entries()) {
      rounds[at].push(await loadgen(server, 'auth', 1, count))
    }
  }
  return rounds.map((ofServer) => {
    const list = ofServer.map((f) => `${f.p50} / ${f.p99}`).join(', ')
    console.log(`    ${ofServer[0].server}, one at a time, p50 / p99 ms of each round: ${list}`)
    const sum = (pick: (f: Figures) => number) => ofServer.reduce((total, f) => total + pick(f), 0)
    const ok = sum((f) => f.ok)
    const perOk = (pick: (f: Figures) => number) =>
      Number((sum((f) => pick(f) * f.ok) / Math.max(1, ok)).toFixed(2))
    const seconds = sum((f) => f.seconds)
    return {
      ...ofServer[0],
      work: `auth, median of ${ofServer.length} rounds`,
      requests: sum((f) => f.requests),
      ok,
      lost: sum((f) => f.lost),
      seconds,
      rps: Math.round(ok / seconds),
      p50: median(ofServer.map((f) => f.p50 ?? Number.NaN)),
      p99: median(ofServer.map((f) => f.p99 ?? Number.NaN)),
      serverCpuUs: Math.round(perOk((f) => f.serverCpuUs)),
      mysqldCpuUs: Math.round(perOk((f) => f.mysqldCpuUs)),
      statements: perOk((f) => f.statements),
      queuedPct: Math.round(sum((f) => f.queuedPct * f.seconds) / Math.max(1e-9, seconds)),
    }
  })
}

// ---- the run -------------------------------------------------------------------------------

const results: Figures[] = []
const memory: { server: string; hwmMb: number; rssMb: number; anonMb: number; fileMb: number }[] =
  []
const cell = (value: number | undefined, digits = 0) =>
  value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits)
const row = (f: Figures) =>
  `| ${f.server} | ${f.tool} | ${f.work} | ${f.inflight} | ${f.requests} | ${f.lost} | ` +
  `${f.rps} | ${cell(f.p50, 2)} | ${cell(f.p99, 2)} | ${f.serverCpuUs} | ${f.mysqldCpuUs} | ${f.statements} | ${f.queuedPct} |`

const record = (figures: Figures) => {
  results.push(figures)
  console.log(row(figures))
}

/**
 * Every server is started first and stays up; each step then runs on one server after the
 * other, so the figures compared were measured seconds apart, not minutes: this machine's
 * speed drifts (bench/radius/README.md).
 */
async function benchAll(names: string[], auth: ReturnType<typeof authChunks>) {
  const servers: Server[] = []
  const onEach = async (step: (server: Server) => Promise<Figures>) => {
    for (const server of servers) record(await step(server))
  }
  try {
    for (const name of names) {
      console.log(`--- ${name}: starting`)
      const server = await startServer(name)
      servers.push(server)
      const idleMb = server.pids().reduce((sum, pid) => sum + statusKb(pid, 'VmRSS'), 0) / 1024
      console.log(`    RSS after start: ${idleMb.toFixed(0)} MB`)
    }
    // Every user once, in order: a cold pass (and it warms MariaDB's buffer pool and our cache).
    await onEach((server) =>
      loadgen(
        server,
        'auth',
        64,
        num('BENCH_WARM_COUNT', totalUsers),
        ['--sequential'],
        'auth, each user once (cold)',
        // Every user must be seen once, however slow: the later passes assume a warm server.
        num('BENCH_WARM_MAX_SECONDS', 600)
      )
    )
    const acctPackets = num('BENCH_ACCT_PACKETS', 30_000)
    // BENCH_RADCLIENT=0: loadgen only (quicker, e.g. to compare memory settings).
    if (num('BENCH_RADCLIENT', 1)) {
      await onEach((server) => radclient(server, 'auth', 32, auth))
      await onEach((server) => radclient(server, 'auth', 256, auth))
      for (const parallel of [32, 256]) {
        await onEach((server) => {
          const prefix = `${server.name}-rc${parallel}-${Date.now().toString(36)}`
          return radclient(server, 'acct', parallel, acctChunks(acctPackets, prefix))
        })
      }
    }
    const count = num('BENCH_LOADGEN_COUNT', 40_000)
    for (const figures of await oneAtATime(
      servers,
      Math.min(count, num('BENCH_SERIAL_COUNT', 5000))
    ))
      record(figures)
    await onEach((server) => loadgen(server, 'auth', 32, count))
    await onEach((server) => loadgen(server, 'auth', 256, count))
    await onEach((server) => loadgen(server, 'acct', 32, count))
    await onEach((server) => loadgen(server, 'acct', 256, count))
  } finally {
    for (const server of servers) {
      const pids = server.pids()
      const mb = (key: Parameters<typeof statusKb>[1]) =>
        pids.reduce((sum, pid) => sum + statusKb(pid, key), 0) / 1024
      const entry = {
        server: server.name,
        hwmMb: mb('VmHWM'),
        rssMb: mb('VmRSS'),
        anonMb: mb('RssAnon'),
        fileMb: mb('RssFile'),
      }
      memory.push(entry)
      console.log(
        `    ${server.name}: peak RSS (VmHWM) ${entry.hwmMb.toFixed(0)} MB, RSS at end ${entry.rssMb.toFixed(0)} MB`
      )
      await stopServer(server)
    }
  }
}

if (!existsSync(join(WORK, 'manifest.json')))
  throw new Error('run bench/radius/run.sh (setup.ts load first)')
await benchAll(SERVERS, authChunks(num('BENCH_RADCLIENT_PACKETS', 40_000)))

const machine = `${cpus().length} CPUs (${cpus()[0]?.model.trim()}), ${Math.round(
  Number(readFileSync('/proc/meminfo', 'utf8').match(/MemTotal:\s+(\d+)/)?.[1] ?? 0) / 1024 / 1024
)} GiB`
const freeradiusVersion = hasFreeradius
  ? (spawnSync('freeradius', ['-v'])
      .stdout.toString()
      .match(/Version ([\d.]+)/)?.[1] ?? '?')
  : 'not installed'
console.log()
console.log(`# RADIUS benchmark — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`)
console.log(
  `${machine}; load average before: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`
)
console.log(
  `Node ${process.version}; MariaDB ${env.BENCH_MARIADB_VERSION ?? '?'}; FreeRADIUS ${freeradiusVersion}; ` +
    `${totalUsers} users in ${manifest.tenants.length} tenants; our server: ${
      env.BENCH_OURS_CMD === 'source' ? 'from source (ts-exec)' : 'built JS (bench/radius/build.sh)'
    }, NODE_ENV=${env.NODE_ENV}, RADIUS_WORKERS=${env.RADIUS_WORKERS ?? 1}, NODE_OPTIONS="${
      env.BENCH_OURS_NODE_OPTIONS ?? ''
    }", MALLOC_ARENA_MAX=${OURS_MALLOC_ARENA_MAX}`
)
console.log(
  'CPU columns: server (and mysqld) CPU time per answered request, µs, from /proc; SQL/req: ' +
    "statements MariaDB ran per answered request (its 'Questions' counter); server queued %: " +
    'time its threads were runnable but waiting for a CPU, per wall-clock time (other load).'
)
console.log()
console.log(
  '| server | tool | work | in flight | requests | lost/rejected | req/s | p50 ms | p99 ms | server CPU µs | mysqld CPU µs | SQL/req | server queued % |'
)
console.log('|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
for (const name of SERVERS) {
  for (const figures of results.filter((f) => f.server === name)) console.log(row(figures))
}
console.log()
console.log(
  '| server | peak RSS (VmHWM) MB | RSS at end MB | of which anonymous | of which files (binary, libraries) |'
)
console.log('|---|---:|---:|---:|---:|')
for (const entry of memory) {
  const cells = [entry.hwmMb, entry.rssMb, entry.anonMb, entry.fileMb].map((value) =>
    value.toFixed(0)
  )
  console.log(`| ${entry.server} | ${cells.join(' | ')} |`)
}

// Side by side: every scenario of ours against each FreeRADIUS variant.
const key = (f: Figures) => `${f.tool}|${f.work}|${f.inflight}`
const ours = results.filter((f) => f.server === 'ours')
const others = [...new Set(results.map((f) => f.server))].filter((name) => name !== 'ours')
if (ours.length && others.length) {
  console.log()
  console.log(
    `| tool | work | in flight | ours req/s | ${others.map((o) => `${o} req/s | ours/${o}`).join(' | ')} | ours p99 | ${others.map((o) => `${o} p99`).join(' | ')} |`
  )
  console.log(
    `|---|---|---:|---:|${others.map(() => '---:|---:').join('|')}|---:|${others.map(() => '---:').join('|')}|`
  )
  for (const mine of ours) {
    const theirs = others.map((name) =>
      results.find((f) => f.server === name && key(f) === key(mine))
    )
    const ratios = theirs.map(
      (f) => `${f?.rps ?? '–'} | ${f ? (mine.rps / f.rps).toFixed(2) : '–'}`
    )
    console.log(
      `| ${mine.tool} | ${mine.work} | ${mine.inflight} | ${mine.rps} | ${ratios.join(' | ')} | ${cell(mine.p99, 2)} | ${theirs.map((f) => cell(f?.p99, 2)).join(' | ')} |`
    )
  }
}
writeFileSync(join(WORK, 'results.json'), JSON.stringify({ results, memory }, null, 2))
await statusConnection?.end()
