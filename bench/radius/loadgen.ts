/*
 * Closed-loop RADIUS load generator: N requests in flight, each slot sends its next request as
 * soon as the previous one is answered (or timed out). Measures requests/s, latency
 * percentiles and timeouts. Packets are built here by hand (not with the server's codec), with
 * Message-Authenticator, so both servers get byte-for-byte the same kind of packet.
 *
 *   node --import @poppinss/ts-exec bench/radius/loadgen.ts --manifest tmp/bench/radius/manifest.json \
 *     --port 18112 --kind auth --inflight 32 --count 50000 [--max-seconds 60] [--timeout-ms 2000]
 *     [--secret <one secret for every tenant>] [--seed 1] [--session-prefix ours]
 *
 * `auth`: PAP logins of random users (MikroTik hotspot attributes). `acct`: sessions of random
 * users, each Start → Interim-Update → Stop in order within its slot. Prints one JSON line.
 */
import { createHash, createHmac, randomFillSync } from 'node:crypto'
import { createSocket, type Socket } from 'node:dgram'
import { parseArgs } from 'node:util'
import { macOf, random, readManifest, userOf, type BenchTenant } from './manifest.js'

const { values: args } = parseArgs({
  options: {
    'manifest': { type: 'string', default: 'tmp/bench/radius/manifest.json' },
    'host': { type: 'string', default: '127.0.0.1' },
    'port': { type: 'string' },
    'kind': { type: 'string', default: 'auth' },
    'inflight': { type: 'string', default: '32' },
    'count': { type: 'string', default: '20000' },
    'max-seconds': { type: 'string', default: '60' },
    'timeout-ms': { type: 'string', default: '2000' },
    'secret': { type: 'string' },
    'seed': { type: 'string', default: '1' },
    'session-prefix': { type: 'string', default: 'lg' },
    'sequential': { type: 'boolean', default: false },
  },
})

const manifest = readManifest(args.manifest!)
const kind = args.kind === 'acct' ? 'acct' : 'auth'
const port = Number(args.port ?? (kind === 'auth' ? 1812 : 1813))
const inflight = Number(args.inflight)
const count = Number(args.count)
const maxMs = Number(args['max-seconds']) * 1000
const timeoutMs = Number(args['timeout-ms'])
const next = random(Number(args.seed))
const secretOf = (tenant: BenchTenant) => Buffer.from(args.secret ?? tenant.secret)
const totalUsers = manifest.tenants.reduce((sum, tenant) => sum + tenant.users, 0)

// ---- packets ------------------------------------------------------------------------------

type Attr = [number, Buffer]
const str = (type: number, value: string): Attr => [type, Buffer.from(value)]
const int = (type: number, value: number): Attr => {
  const buffer = Buffer.alloc(4)
  buffer.writeUInt32BE(value >>> 0)
  return [type, buffer]
}
const LOCALHOST: Attr = [4, Buffer.from([127, 0, 0, 1])]

function assemble(code: number, id: number, authenticator: Buffer, attrs: Attr[]): Buffer {
  const length = 20 + attrs.reduce((sum, [, value]) => sum + 2 + value.length, 0)
  const packet = Buffer.alloc(length)
  packet[0] = code
  packet[1] = id
  packet.writeUInt16BE(length, 2)
  authenticator.copy(packet, 4)
  let offset = 20
  for (const [type, value] of attrs) {
    packet[offset] = type
    packet[offset + 1] = value.length + 2
    value.copy(packet, offset + 2)
    offset += value.length + 2
  }
  return packet
}

/** RFC 2865 §5.2 User-Password hiding. */
function hide(password: string, secret: Buffer, authenticator: Buffer): Buffer {
  const plain = Buffer.alloc(Math.max(16, Math.ceil(password.length / 16) * 16))
  plain.write(password)
  const out = Buffer.alloc(plain.length)
  let previous = authenticator
  for (let i = 0; i < plain.length; i += 16) {
    const digest = createHash('md5').update(secret).update(previous).digest()
    for (let j = 0; j < 16; j++) out[i + j] = plain[i + j] ^ digest[j]
    previous = out.subarray(i, i + 16)
  }
  return out
}

interface Pick {
  tenant: BenchTenant
  index: number
}

let sequence = 0
function pickUser(): Pick {
  if (args.sequential) {
    const n = sequence++ % totalUsers
    const tenant = manifest.tenants[n % manifest.tenants.length]
    return { tenant, index: Math.floor(n / manifest.tenants.length) % tenant.users }
  }
  const tenant = manifest.tenants[Math.floor(next() * manifest.tenants.length)]
  return { tenant, index: Math.floor(next() * tenant.users) }
}

function accessRequest(
  id: number,
  pick: Pick
): { packet: Buffer; authenticator: Buffer; secret: Buffer } {
  const secret = secretOf(pick.tenant)
  const { username, password } = userOf(pick.tenant.index, pick.index)
  const authenticator = randomFillSync(Buffer.alloc(16))
  const packet = assemble(1, id, authenticator, [
    [80, Buffer.alloc(16)], // Message-Authenticator, signed below
    str(1, username),
    [2, hide(password, secret, authenticator)],
    str(32, pick.tenant.nasIdentifier),
    LOCALHOST,
    int(6, 1), // Service-Type Login-User (hotspot)
    int(61, 19), // NAS-Port-Type Wireless-802.11
    int(5, 15728641), // NAS-Port
    str(31, macOf(pick.tenant.index * 1_000_000 + pick.index)),
    str(30, 'hotspot1'),
  ])
  createHmac('md5', secret).update(packet).digest().copy(packet, 22)
  return { packet, authenticator, secret }
}

interface Session {
  pick: Pick
  id: string
  phase: 0 | 1 | 2
}

let sessionNumber = 0
function accountingRequest(id: number, session: Session) {
  const secret = secretOf(session.pick.tenant)
  const { username } = userOf(session.pick.tenant.index, session.pick.index)
  const status = [1, 3, 2][session.phase] // Start, Interim-Update, Stop
  const time = [0, 300, 600][session.phase]
  const octets = [0, 5_000_000, 12_000_000][session.phase]
  const attrs: Attr[] = [
    int(40, status),
    str(1, username),
    str(44, session.id),
    str(32, session.pick.tenant.nasIdentifier),
    LOCALHOST,
    int(5, 15728641),
    int(61, 19),
    int(6, 1),
    int(45, 1), // Acct-Authentic RADIUS
    [8, Buffer.from([10, 10, (session.pick.index >> 8) & 255, session.pick.index & 255])],
    str(31, macOf(session.pick.tenant.index * 1_000_000 + session.pick.index)),
    str(30, 'hotspot1'),
    int(46, time),
    int(42, octets),
    int(43, octets * 4),
    int(52, 0),
    int(53, 0),
    int(47, octets / 1000),
    int(48, octets / 250),
    int(41, 0),
  ]
  if (status === 2) attrs.push(int(49, 1)) // Acct-Terminate-Cause User-Request
  const packet = assemble(4, id, Buffer.alloc(16), attrs)
  const authenticator = createHash('md5').update(packet).update(secret).digest()
  authenticator.copy(packet, 4)
  return { packet, authenticator, secret }
}

// ---- the closed loop ----------------------------------------------------------------------

interface Slot {
  socket: number
  /** The packet identifier in use, -1 when none. */
  id: number
  sentAt: number
  authenticator: Buffer | null
  secret: Buffer
  session: Session | null
}

// At most 128 requests in flight per socket, identifiers reused in FIFO order: an identifier
// comes back only after ≥ 128 others, as with radclient (a server may still hold the previous
// request of that identifier for its duplicate detection).
const PER_SOCKET = 128
const sockets: Socket[] = []
const freeIds: number[][] = []
const pending: (Slot | undefined)[][] = []
const slots: Slot[] = []
const latencies = new Float64Array(count)
let completed = 0
let sent = 0
let accepts = 0
let rejects = 0
let timeouts = 0
let stray = 0
let started = 0
let finishing = false

function release(slot: Slot): void {
  if (slot.id < 0) return
  pending[slot.socket][slot.id] = undefined
  freeIds[slot.socket].push(slot.id)
  slot.id = -1
}

function send(slot: Slot): void {
  release(slot)
  if (sent >= count || performance.now() - started >= maxMs) {
    slot.authenticator = null
    return maybeDone()
  }
  sent++
  slot.id = freeIds[slot.socket].shift()!
  pending[slot.socket][slot.id] = slot
  let built
  if (kind === 'auth') built = accessRequest(slot.id, pickUser())
  else {
    if (!slot.session || slot.session.phase === 2) {
      slot.session = {
        pick: pickUser(),
        id: `${args['session-prefix']}-${++sessionNumber}`,
        phase: 0,
      }
    } else slot.session.phase = (slot.session.phase + 1) as 1 | 2
    built = accountingRequest(slot.id, slot.session)
  }
  slot.authenticator = built.authenticator
  slot.secret = built.secret
  slot.sentAt = performance.now()
  sockets[slot.socket].send(built.packet, port, args.host)
}

function onReply(socketIndex: number, reply: Buffer): void {
  if (reply.length < 20) return void stray++
  const slot = pending[socketIndex][reply[1]]
  if (!slot?.authenticator) return void stray++
  // RFC 2865 §3: Response Authenticator = MD5(Code+ID+Length+RequestAuth+Attributes+Secret).
  const expected = createHash('md5')
    .update(reply.subarray(0, 4))
    .update(slot.authenticator)
    .update(reply.subarray(20))
    .update(slot.secret)
    .digest()
  if (!expected.equals(reply.subarray(4, 20))) return void stray++
  if (completed < latencies.length) latencies[completed] = performance.now() - slot.sentAt
  completed++
  if (reply[0] === 3) rejects++
  else accepts++
  send(slot)
}

function sweep(): void {
  const now = performance.now()
  for (const slot of slots) {
    if (slot.authenticator && now - slot.sentAt > timeoutMs) {
      timeouts++
      send(slot)
    }
  }
}

let sweeper: NodeJS.Timeout
function maybeDone(): void {
  if (finishing || slots.some((slot) => slot.authenticator)) return
  finishing = true
  clearInterval(sweeper)
  const elapsed = (performance.now() - started) / 1000
  const sorted = latencies.subarray(0, Math.min(completed, latencies.length)).sort()
  const at = (p: number) =>
    sorted.length
      ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]
      : Number.NaN
  const result = {
    kind,
    inflight,
    sent,
    completed,
    accepts,
    rejects,
    timeouts,
    stray,
    seconds: Number(elapsed.toFixed(3)),
    rps: Math.round(completed / elapsed),
    p50: Number(at(0.5).toFixed(3)),
    p99: Number(at(0.99).toFixed(3)),
    p999: Number(at(0.999).toFixed(3)),
  }
  console.log(JSON.stringify(result))
  for (const socket of sockets) socket.close()
}

const socketCount = Math.ceil(inflight / PER_SOCKET)
await Promise.all(
  Array.from({ length: socketCount }, (_, index) => {
    const socket = createSocket('udp4')
    sockets.push(socket)
    freeIds.push(Array.from({ length: 256 }, (__, id) => id))
    pending.push(new Array(256))
    socket.on('message', (message) => onReply(index, message))
    return new Promise<void>((resolve) =>
      socket.bind(0, '127.0.0.1', () => {
        socket.setRecvBufferSize(4 * 1024 * 1024)
        socket.setSendBufferSize(4 * 1024 * 1024)
        resolve()
      })
    )
  })
)
for (let n = 0; n < inflight; n++) {
  slots.push({
    socket: n % socketCount,
    id: -1,
    sentAt: 0,
    authenticator: null,
    secret: Buffer.alloc(0),
    session: null,
  })
}
started = performance.now()
sweeper = setInterval(sweep, 50)
for (const slot of slots) send(slot)
