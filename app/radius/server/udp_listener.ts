/*
 * The only file that opens UDP sockets: the server's listeners and the CoA client's socket.
 */
import { createSocket, type RemoteInfo, type Socket, type SocketType } from 'node:dgram'
import { lookup, type LookupOneOptions } from 'node:dns'
import { readFile } from 'node:fs/promises'
import { isIP, isIPv6 } from 'node:net'

/** Which RADIUS service a listener serves. */
export type RadiusService = 'auth' | 'acct'

/** Where and how to listen. */
export interface ListenerOptions {
  /** Addresses to bind, IPv4 and/or IPv6 (`0.0.0.0`, `::`, `127.0.0.1`, `::1`). */
  bind: readonly string[]
  authPort: number
  acctPort: number
  /** SO_REUSEPORT, so several worker processes each bind their own socket on the port. */
  reusePort: boolean
  /** Requested SO_RCVBUF in bytes (the kernel caps it at net.core.rmem_max). */
  recvBufferSize: number
}

/** One bound socket. */
export interface Endpoint {
  readonly service: RadiusService
  readonly socket: Socket
  readonly address: string
  readonly port: number
  /** The receive buffer the kernel granted (Linux reports twice the usable size). */
  readonly recvBufferSize: number
}

/** Called for every datagram; must not throw. */
export type DatagramHandler = (datagram: Buffer, source: RemoteInfo, endpoint: Endpoint) => void

const WILDCARD_V6 = '::'

/**
 * How our sockets resolve a destination: an IP address (every reply, every CoA) at once. With
 * Node's default (dns.lookup, which answers even an address on the next tick) a reply reached
 * the kernel only after the rest of the turn's callbacks had run, which cost one login at a
 * time and accounting at 256 in flight measurably (bench/radius/README.md). Names are still
 * looked up.
 */
function resolveAtOnce(
  host: string,
  options: LookupOneOptions | number,
  callback: (error: NodeJS.ErrnoException | null, address: string, family: number) => void
): void {
  const family = isIP(host)
  if (family !== 0) callback(null, host, family)
  // dgram passes the socket's family as a number.
  else lookup(host, typeof options === 'number' ? { family: options } : options, callback)
}

function bindSocket(
  service: RadiusService,
  address: string,
  port: number,
  options: ListenerOptions,
  onMessage: DatagramHandler
): Promise<Endpoint> {
  const type: SocketType = isIPv6(address) ? 'udp6' : 'udp4'
  const socket = createSocket({
    type,
    reusePort: options.reusePort,
    // `::` would also take IPv4 (dual stack) and collide with a 0.0.0.0 listener.
    ipv6Only: type === 'udp6',
    recvBufferSize: options.recvBufferSize,
    lookup: resolveAtOnce,
  })
  return new Promise((resolve, reject) => {
    socket.once('error', reject)
    // In a cluster worker a non-exclusive bind would share one socket handle through the
    // primary, where retransmissions could reach a worker without the cache entry.
    socket.bind({ address, port, exclusive: true }, () => {
      socket.off('error', reject)
      const bound = socket.address()
      const endpoint: Endpoint = {
        service,
        socket,
        address: bound.address,
        port: bound.port,
        recvBufferSize: socket.getRecvBufferSize(),
      }
      socket.on('message', (datagram, source) => onMessage(datagram, source, endpoint))
      resolve(endpoint)
    })
  })
}

/**
 * Binds the auth and accounting ports on every configured address. An IPv6 wildcard on a host
 * without IPv6 is skipped with `onSkip`; any other bind failure closes what was opened and throws.
 */
export async function openListeners(
  options: ListenerOptions,
  onMessage: DatagramHandler,
  onSkip: (address: string, error: Error) => void
): Promise<Endpoint[]> {
  const endpoints: Endpoint[] = []
  try {
    for (const address of options.bind) {
      for (const [service, port] of [
        ['auth', options.authPort],
        ['acct', options.acctPort],
      ] as const) {
        try {
          endpoints.push(await bindSocket(service, address, port, options, onMessage))
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code
          if (address !== WILDCARD_V6 || (code !== 'EAFNOSUPPORT' && code !== 'EADDRNOTAVAIL')) {
            throw error
          }
          onSkip(address, error as Error)
        }
      }
    }
  } catch (error) {
    await closeEndpoints(endpoints)
    throw error
  }
  return endpoints
}

/** Closes a socket; pending receives are dropped. */
export function closeSocket(socket: Socket): Promise<void> {
  return new Promise((resolve) => socket.close(() => resolve()))
}

/** Closes the endpoints' sockets. */
export async function closeEndpoints(endpoints: readonly Endpoint[]): Promise<void> {
  await Promise.all(endpoints.map((endpoint) => closeSocket(endpoint.socket)))
}

/**
 * Fails with EADDRINUSE when something already holds one of the ports: binds each without
 * SO_REUSEPORT and closes at once. Run before forking workers that bind with SO_REUSEPORT,
 * which would otherwise silently share the port with a stray second server.
 */
export async function probePorts(options: ListenerOptions): Promise<void> {
  const endpoints = await openListeners(
    { ...options, reusePort: false },
    () => {},
    () => {}
  )
  await closeEndpoints(endpoints)
}

/** A socket on an ephemeral port for requests we originate (CoA / Disconnect). */
export function openClientSocket(type: SocketType): Promise<Socket> {
  const socket = createSocket({ type, ipv6Only: type === 'udp6', lookup: resolveAtOnce })
  return new Promise((resolve, reject) => {
    socket.once('error', reject)
    socket.bind(0, () => {
      socket.off('error', reject)
      resolve(socket)
    })
  })
}

/**
 * Datagrams the kernel dropped on these ports (receive buffer full), summed over every socket
 * bound to them: all workers when SO_REUSEPORT is on. Linux only; 0 elsewhere.
 */
export async function kernelDrops(ports: ReadonlySet<number>): Promise<number> {
  let drops = 0
  for (const file of ['/proc/net/udp', '/proc/net/udp6']) {
    const table = await readFile(file, 'utf8').catch(() => '')
    for (const line of table.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/)
      if (fields.length < 13) continue
      const port = Number.parseInt(fields[1].slice(fields[1].lastIndexOf(':') + 1), 16)
      if (ports.has(port)) drops += Number(fields[12]) || 0
    }
  }
  return drops
}
