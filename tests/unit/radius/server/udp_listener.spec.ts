import { test } from '@japa/runner'
import { createSocket, type Socket } from 'node:dgram'
import { readFileSync } from 'node:fs'
import { once } from 'node:events'
import {
  closeEndpoints,
  closeSocket,
  openClientSocket,
  openListeners,
} from '#radius/server/udp_listener'

/** A socket bound to an ephemeral port of 127.0.0.1 that nobody reads from meanwhile. */
async function receiver(): Promise<Socket> {
  const socket = createSocket('udp4')
  socket.bind(0, '127.0.0.1')
  await once(socket, 'listening')
  return socket
}

/** Bytes the kernel holds for the IPv4 UDP socket on `port` (/proc/net/udp rx_queue). */
function queuedBytes(port: number): number {
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`
  const line = readFileSync('/proc/net/udp', 'utf8')
    .split('\n')
    .find((row) => row.trim().split(/\s+/)[1] === local)
  if (!line) throw new Error(`no UDP socket on port ${port}`)
  return Number.parseInt(line.trim().split(/\s+/)[4].split(':')[1], 16)
}

test.group('UDP sockets', () => {
  test('a reply is with the kernel when send returns, not a tick later', async ({
    assert,
    cleanup,
  }) => {
    const peer = await receiver()
    const [endpoint] = await openListeners(
      { bind: ['127.0.0.1'], authPort: 0, acctPort: 0, reusePort: false, recvBufferSize: 65536 },
      () => {},
      () => {}
    )
    cleanup(async () => {
      await closeEndpoints([endpoint])
      await closeSocket(peer)
    })
    const { port } = peer.address()
    assert.equal(queuedBytes(port), 0)
    // Sent from a promise continuation, as the packet handler replies.
    await Promise.resolve()
    endpoint.socket.send(Buffer.from('reply'), port, '127.0.0.1')
    assert.isAbove(queuedBytes(port), 0)
  })

  test('the client socket sends a CoA at once too, and still resolves a host name', async ({
    assert,
    cleanup,
  }) => {
    const peer = await receiver()
    const client = await openClientSocket('udp4')
    cleanup(async () => {
      await closeSocket(client)
      await closeSocket(peer)
    })
    const { port } = peer.address()
    client.send(Buffer.from('coa'), port, '127.0.0.1')
    assert.isAbove(queuedBytes(port), 0)

    const received: string[] = []
    const both = new Promise<void>((resolve) =>
      peer.on('message', (message) => received.push(message.toString()) === 2 && resolve())
    )
    client.send(Buffer.from('by name'), port, 'localhost')
    await both
    assert.deepEqual(received, ['coa', 'by name'])
  })
})
