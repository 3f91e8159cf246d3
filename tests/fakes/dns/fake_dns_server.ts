import { createSocket, type Socket } from 'node:dgram'

/**
 * A DNS server on 127.0.0.1 that answers CNAME questions from a table (RFC 1035 wire format),
 * NXDOMAIN otherwise. Enough for `dns.promises.Resolver#resolveCname` pointed at it.
 */
export class FakeDnsServer {
  /** host → CNAME target */
  records = new Map<string, string>()
  #socket: Socket | null = null

  async start(): Promise<string> {
    const socket = createSocket('udp4')
    socket.on('message', (query, peer) => socket.send(this.#answer(query), peer.port, peer.address))
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve))
    this.#socket = socket
    return `127.0.0.1:${socket.address().port}`
  }

  async close() {
    await new Promise<void>((resolve) =>
      this.#socket ? this.#socket.close(() => resolve()) : resolve()
    )
    this.#socket = null
  }

  #answer(query: Buffer): Buffer {
    // Question: QNAME labels from byte 12, then QTYPE and QCLASS.
    const labels: string[] = []
    let offset = 12
    while (query[offset] !== 0) {
      labels.push(query.subarray(offset + 1, offset + 1 + query[offset]).toString('ascii'))
      offset += query[offset] + 1
    }
    const questionEnd = offset + 5
    const qtype = query.readUInt16BE(offset + 1)
    const target = this.records.get(labels.join('.').toLowerCase())
    const answer = qtype === 5 && target ? this.#cnameRecord(target) : null

    const header = Buffer.alloc(12)
    query.copy(header, 0, 0, 2)
    header.writeUInt16BE(answer ? 0x8180 : 0x8183, 2) // response, recursion available; rcode 0 or NXDOMAIN
    header.writeUInt16BE(1, 4)
    header.writeUInt16BE(answer ? 1 : 0, 6)
    return Buffer.concat([header, query.subarray(12, questionEnd), answer ?? Buffer.alloc(0)])
  }

  #cnameRecord(target: string) {
    const name = Buffer.concat([
      ...target
        .split('.')
        .map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label, 'ascii')])),
      Buffer.from([0]),
    ])
    const fixed = Buffer.alloc(12)
    fixed.writeUInt16BE(0xc00c, 0) // pointer to the question name
    fixed.writeUInt16BE(5, 2) // CNAME
    fixed.writeUInt16BE(1, 4) // IN
    fixed.writeUInt32BE(300, 6)
    fixed.writeUInt16BE(name.length, 10)
    return Buffer.concat([fixed, name])
  }
}
