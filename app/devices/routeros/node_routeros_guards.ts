/*
 * Guards on node-routeros 1.6.9 (unmaintained). Its socket data handler throws on replies it does
 * not expect, and a throw there is an uncaught exception that ends the process. With the guards:
 * - `!empty` (RouterOS ≥ 7.18, EXTERNAL-APIS.md §5.5) means "no rows": it is dropped and the
 *   `!done` that follows resolves the command with [];
 * - `!fatal` or any other unknown reply word fails that one command with a RouterError;
 * - a reply for a tag nobody waits for any more is dropped (the library throws UNREGISTEREDTAG);
 * - anything else thrown while parsing fails that connection instead of the process;
 * - `!trap` rejects with a RouterError carrying the message and the category.
 * Also: Nagle is turned off on the socket (see guardConnector).
 */
import type { EventEmitter } from 'node:events'
import type { Socket } from 'node:net'
import { Channel, Connector, Receiver, RosException } from 'node-routeros'
import { RouterError } from './router_error.js'

type Row = Record<string, string>

/** The parts of Channel the guards use (private in the library's typings). */
interface ChannelInternals extends EventEmitter {
  id: string
  data: Row[]
  trapped: boolean
  streaming: boolean
  write(params: string[], isStream?: boolean, returnPromise?: boolean): Promise<Row[]> | undefined
  readAndWrite(params: string[]): void
  processPacket(packet: string[]): void
  parsePacket(packet: string[]): Row
  close(force?: boolean): void
}

interface ReceiverInternals {
  tags: Map<string, unknown>
  sendTagData(tag: string): void
  cleanUp(): void
}

interface ConnectorInternals extends EventEmitter {
  socket: Socket
  onConnect(): void
  onData(data: Buffer): void
  destroy(): void
}

/** Reply words a command's channel understands; everything else ends the command. */
const CHANNEL_REPLIES = new Set(['!re', '!done', '!trap'])
let installed = false

function guardChannel() {
  const channel = Channel.prototype as unknown as ChannelInternals
  const processPacket = channel.processPacket
  const write = channel.write

  channel.processPacket = function (this: ChannelInternals, packet: string[]) {
    const reply = packet[0]
    if (reply === '!empty') return
    if (CHANNEL_REPLIES.has(reply)) return processPacket.call(this, packet)
    this.trapped = true
    this.emit(
      'failure',
      reply === '!fatal'
        ? new RouterError(
            `The router closed the API session: ${packet[1] ?? 'fatal'}`,
            'E_ROUTER_UNREACHABLE'
          )
        : new RouterError(`The router sent an unknown reply "${reply}"`, 'E_ROUTER_PROTOCOL')
    )
    this.close()
  }

  // Same as the library's promise path, with typed rejections.
  channel.write = function (
    this: ChannelInternals,
    params,
    isStream = false,
    returnPromise = true
  ) {
    if (isStream || !returnPromise) return write.call(this, params, isStream, returnPromise)
    this.streaming = false
    params.push(`.tag=${this.id}`)
    this.on('data', (row: Row) => this.data.push(row))
    return new Promise<Row[]>((resolve, reject) => {
      this.once('done', resolve)
      this.once('trap', (row: Row) => {
        const category = row.category === undefined ? undefined : Number(row.category)
        reject(RouterError.trap(row.message ?? '', category))
      })
      this.once('failure', reject)
      this.readAndWrite(params)
    })
  }
}

function guardReceiver() {
  const receiver = Receiver.prototype as unknown as ReceiverInternals
  const sendTagData = receiver.sendTagData
  receiver.sendTagData = function (this: ReceiverInternals, tag: string) {
    if (this.tags.has(tag)) return sendTagData.call(this, tag)
    this.cleanUp()
  }
}

function guardConnector() {
  const connector = Connector.prototype as unknown as ConnectorInternals
  const onData = connector.onData
  const onConnect = connector.onConnect
  // The library writes a sentence word by word; with Nagle on, every word after the first waited
  // for the router's delayed ACK (about 40 ms per command).
  connector.onConnect = function (this: ConnectorInternals) {
    this.socket.setNoDelay(true)
    onConnect.call(this)
  }
  connector.onData = function (this: ConnectorInternals, data: Buffer) {
    try {
      onData.call(this, data)
    } catch {
      // The byte stream can no longer be trusted: fail this connection, keep the process.
      if (this.listenerCount('error') > 0) this.emit('error', new RosException('EPROTO'))
      this.destroy()
    }
  }
}

/** Install the guards once; every RouterOS connection of the process goes through them. */
export function installRouterOsGuards() {
  if (installed) return
  installed = true
  guardChannel()
  guardReceiver()
  guardConnector()
}
