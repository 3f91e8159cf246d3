/*
 * Shared pieces of the RADIUS server tests: a server on random loopback ports, radclient runs,
 * a raw UDP client, NAS rows through the real service.
 */
import { spawn } from 'node:child_process'
import { randomInt } from 'node:crypto'
import { createSocket } from 'node:dgram'
import { isIPv6 } from 'node:net'
import type Tenant from '#models/central/tenant'
import { encodeRequest, RadiusCode, type OutgoingAttribute } from '#radius/codec/index'
import { NasRegistry, type NasRegistryOptions } from '#radius/nas_registry'
import { createRadiusServer, type RadiusServer } from '#radius/server/index'
import type { RadiusServerOptions } from '#radius/server/radius_server'
import type { RadiusService } from '#radius/server/udp_listener'
import { NasRegistryService, type NasInput } from '#services/nas_registry_service'

/** Loopback addresses a test NAS may send from. */
export const V4 = '127.0.0.1'
export const V6 = '::1'

/** A started server and where it listens. */
export interface TestServer {
  server: RadiusServer
  registry: NasRegistry
  /** The port of `service` on the loopback address of `address`'s family. */
  port(service: RadiusService, address?: string): number
  stop(): Promise<void>
}

/** Starts the real server (production AAA unless replaced) on random loopback ports. */
export async function startTestServer(
  options: Partial<RadiusServerOptions> & { registryOptions?: NasRegistryOptions }
): Promise<TestServer> {
  const registry = new NasRegistry(options.registryOptions)
  const server = createRadiusServer({
    listener: {
      bind: [V4, V6],
      authPort: 0,
      acctPort: 0,
      reusePort: false,
      recvBufferSize: 4 * 1024 * 1024,
    },
    registry,
    statsIntervalMs: 0,
    ...options,
  })
  await server.start()
  return {
    server,
    registry,
    port(service, address = V4) {
      const endpoint = server.endpoints.find(
        (candidate) =>
          candidate.service === service && isIPv6(candidate.address) === isIPv6(address)
      )
      if (!endpoint) throw new Error(`no ${service} listener for ${address}`)
      return endpoint.port
    },
    stop: () => server.stop(1000),
  }
}

/** Registers a NAS through the service (as the NAS UI will). */
export function addNas(
  tenant: Tenant,
  input: Partial<NasInput> & { ipAddress: string; secret: string }
) {
  return NasRegistryService.create(tenant, { name: `nas-${input.ipAddress}`, ...input })
}

/** Removes NAS rows created by a test group. */
export async function removeNas(ids: number[]) {
  for (const id of ids) await NasRegistryService.remove(id).catch(() => {})
}

/** One packet radclient printed (with -x). */
export interface RadclientPacket {
  direction: 'Sent' | 'Received'
  type: string
  id: number
  attributes: Record<string, string>
}

/** What a radclient run printed and its exit status. */
export interface RadclientRun {
  code: number | null
  packets: RadclientPacket[]
  received: RadclientPacket[]
  output: string
}

/** Parses `radclient -x` output: "Sent/Received <Type> Id <n> …" blocks of `\tName = value`. */
export function parseRadclient(output: string): RadclientPacket[] {
  const packets: RadclientPacket[] = []
  let current: RadclientPacket | undefined
  for (const line of output.split('\n')) {
    const head = /^(Sent|Received) (\S+) Id (\d+)/.exec(line)
    if (head) {
      current = {
        direction: head[1] as 'Sent' | 'Received',
        type: head[2],
        id: Number(head[3]),
        attributes: {},
      }
      packets.push(current)
      continue
    }
    const attribute = /^\t(\S+) = (.*)$/.exec(line)
    if (attribute && current)
      current.attributes[attribute[1]] = attribute[2].replace(/^"(.*)"$/, '$1')
    else if (!line.startsWith('\t')) current = undefined
  }
  return packets
}

/**
 * Runs radclient (FreeRADIUS 3.2 from Debian's freeradius-utils) against our server, bounded by
 * `-r` tries of `-t` seconds. `input` is radclient's attribute list, packets separated by blank lines.
 */
export function radclient(
  target: { address: string; port: number },
  command: 'auth' | 'acct' | 'status',
  secret: string,
  input: string,
  options: { retries?: number; timeout?: number; parallel?: number } = {}
): Promise<RadclientRun> {
  const server = isIPv6(target.address)
    ? `[${target.address}]:${target.port}`
    : `${target.address}:${target.port}`
  const args = ['-x', '-r', String(options.retries ?? 2), '-t', String(options.timeout ?? 1)]
  if (options.parallel) args.push('-p', String(options.parallel))
  if (isIPv6(target.address)) args.push('-6')
  args.push(server, command, secret)
  return new Promise((resolve, reject) => {
    const child = spawn('radclient', args, { stdio: ['pipe', 'pipe', 'pipe'] })
    // Parsed apart: a complaint on stderr (e.g. a reply to a retransmission it no longer waits
    // for) can land in the middle of a stdout line.
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => {
      const packets = parseRadclient(stdout)
      resolve({
        code,
        packets,
        received: packets.filter((p) => p.direction === 'Received'),
        output: stderr ? `${stdout}\n${stderr}` : stdout,
      })
    })
    child.stdin.end(input)
  })
}

/**
 * Sends raw datagrams from one socket (so retransmissions keep their source port) and collects
 * replies for `waitMs`. Bounded in time; returns the replies in arrival order.
 */
export async function exchange(
  target: { address: string; port: number },
  datagrams: readonly Buffer[],
  waitMs = 500,
  spacingMs = 0
): Promise<Buffer[]> {
  const socket = createSocket(isIPv6(target.address) ? 'udp6' : 'udp4')
  const replies: Buffer[] = []
  socket.on('message', (message) => replies.push(message))
  await new Promise<void>((resolve) => socket.bind(0, isIPv6(target.address) ? V6 : V4, resolve))
  try {
    for (const datagram of datagrams) {
      socket.send(datagram, target.port, target.address)
      if (spacingMs > 0) await sleep(spacingMs)
    }
    await sleep(waitMs)
    return replies
  } finally {
    socket.close()
  }
}

/**
 * Sends `datagram` every `everyMs` from one socket until a reply arrives or `timeoutMs` passes;
 * resolves with the first reply, or undefined.
 */
export async function ask(
  target: { address: string; port: number },
  datagram: Buffer,
  timeoutMs = 600,
  everyMs = timeoutMs
): Promise<Buffer | undefined> {
  const socket = createSocket(isIPv6(target.address) ? 'udp6' : 'udp4')
  await new Promise<void>((resolve) => socket.bind(0, isIPv6(target.address) ? V6 : V4, resolve))
  const timers: NodeJS.Timeout[] = []
  try {
    return await new Promise<Buffer | undefined>((resolve) => {
      socket.once('message', (message) => resolve(message))
      timers.push(setTimeout(() => resolve(undefined), timeoutMs))
      if (everyMs < timeoutMs) {
        timers.push(setInterval(() => socket.send(datagram, target.port, target.address), everyMs))
      }
      socket.send(datagram, target.port, target.address)
    })
  } finally {
    for (const timer of timers) clearTimeout(timer)
    socket.close()
  }
}

/** An Access-Request signed with Message-Authenticator (PAP unless `attributes` say otherwise). */
export function accessRequest(
  secret: string,
  username: string,
  password: string,
  attributes: OutgoingAttribute[] = [],
  identifier = randomInt(256)
): Buffer {
  return encodeRequest({
    code: RadiusCode.AccessRequest,
    identifier,
    secret,
    attributes: [['User-Name', username], ['User-Password', password], ...attributes],
  })
}

/** An Accounting-Request (its authenticator binds it to the secret, RFC 2866 §3). */
export function accountingRequest(
  secret: string,
  attributes: OutgoingAttribute[],
  identifier = randomInt(256)
): Buffer {
  return encodeRequest({ code: RadiusCode.AccountingRequest, identifier, secret, attributes })
}

/** The code of a reply (undefined when none came). */
export function replyCode(reply: Buffer | undefined): number | undefined {
  return reply?.[0]
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** Waits until `check` holds, polling every 20 ms, at most `timeoutMs`. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 3000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check()) return true
    await sleep(20)
  }
  return check()
}
