/*
 * A NAS's CoA listener (RouterOS `/radius incoming`) on loopback: verifies and records every
 * CoA-Request / Disconnect-Request it receives and answers ACK, NAK with Error-Cause, or nothing.
 */
import { createSocket, type Socket } from 'node:dgram'
import {
  decodeRequest,
  encodeResponse,
  RadiusCode,
  RadiusCodecError,
  type DecodedPacket,
} from '#radius/codec/index'

/** How the fake answers the next request. */
export type FakeAnswer = 'ack' | 'nak' | 'silent' | 'forged-then-ack'

/** One request as received. */
export interface ReceivedRequest {
  packet: DecodedPacket
  bytes: Buffer
  /** Requests with the same Identifier still unanswered when this one arrived. */
  overlapping: number
}

/** The fake listener. */
export class FakeCoaListener {
  readonly received: ReceivedRequest[] = []
  /** Datagrams that failed verification (wrong secret, no Message-Authenticator). */
  readonly refused: string[] = []
  /** Answers for the next requests, in order; `fallback` once they are used up. */
  script: FakeAnswer[] = []
  fallback: FakeAnswer = 'ack'
  errorCause = 503
  /** Delay before answering, to keep requests outstanding. */
  delayMs = 0
  #socket: Socket
  #secret: string
  #outstanding = new Map<number, number>()

  private constructor(socket: Socket, secret: string) {
    this.#socket = socket
    this.#secret = secret
    socket.on('message', (datagram, source) => this.#onRequest(datagram, source))
  }

  /** Starts a listener on a random port of 127.0.0.1. */
  static async start(secret: string): Promise<FakeCoaListener> {
    const socket = createSocket('udp4')
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve))
    return new FakeCoaListener(socket, secret)
  }

  get port(): number {
    return this.#socket.address().port
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#socket.close(() => resolve()))
  }

  #onRequest(datagram: Buffer, source: { address: string; port: number }): void {
    let packet: DecodedPacket
    try {
      packet = decodeRequest(datagram, this.#secret)
      if (!packet.hasMessageAuthenticator) throw new Error('no Message-Authenticator')
    } catch (error) {
      this.refused.push(error instanceof RadiusCodecError ? error.code : String(error))
      return
    }
    const overlapping = this.#outstanding.get(packet.identifier) ?? 0
    this.received.push({ packet, bytes: Buffer.from(datagram), overlapping })
    const answer = this.script.shift() ?? this.fallback
    if (answer === 'silent') return
    this.#outstanding.set(packet.identifier, overlapping + 1)
    setTimeout(() => {
      this.#outstanding.set(packet.identifier, (this.#outstanding.get(packet.identifier) ?? 1) - 1)
      const send = (bytes: Buffer) => this.#socket.send(bytes, source.port, source.address)
      const isDisconnect = packet.code === RadiusCode.DisconnectRequest
      if (answer === 'nak') {
        const code = isDisconnect ? RadiusCode.DisconnectNak : RadiusCode.CoaNak
        send(
          encodeResponse(packet, {
            code,
            secret: this.#secret,
            attributes: [['Error-Cause', this.errorCause]],
          })
        )
        return
      }
      const code = isDisconnect ? RadiusCode.DisconnectAck : RadiusCode.CoaAck
      if (answer === 'forged-then-ack') {
        send(encodeResponse(packet, { code, secret: 'not-the-secret' }))
      }
      send(encodeResponse(packet, { code, secret: this.#secret }))
    }, this.delayMs)
  }
}
