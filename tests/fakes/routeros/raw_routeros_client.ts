/*
 * A bare RouterOS API client for testing the fake itself: it sends sentences as given and
 * returns the reply sentences exactly as they arrive, tags and all.
 */
import { connect, type Socket } from 'node:net'
import { encodeSentence, SentenceDecoder } from './codec.js'

/** A raw connection to a (fake) router. */
export class RawRouterOsClient {
  /** True once the router closed the connection. */
  closed = false
  /** Bytes received, in total. */
  receivedBytes = 0
  #socket: Socket
  #decoder = new SentenceDecoder()
  #sentences: string[][] = []
  #wake?: () => void

  private constructor(socket: Socket) {
    this.#socket = socket
    socket.on('data', (chunk) => {
      this.receivedBytes += chunk.length
      this.#sentences.push(...this.#decoder.push(chunk))
      this.#wake?.()
    })
    socket.on('error', () => {})
    socket.on('close', () => {
      this.closed = true
      this.#wake?.()
    })
  }

  /** Connect to 127.0.0.1:`port`. */
  static connect(port: number): Promise<RawRouterOsClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new RawRouterOsClient(socket)))
      socket.once('error', reject)
    })
  }

  /** Send one sentence. */
  send(words: readonly string[]) {
    this.#socket.write(encodeSentence(words))
  }

  /**
   * The next `count` reply sentences; fewer when the connection closes or `timeoutMs` passes
   * first.
   */
  async read(count: number, timeoutMs = 1000): Promise<string[][]> {
    const deadline = Date.now() + timeoutMs
    while (this.#sentences.length < count && !this.closed && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadline - Date.now())
        this.#wake = () => {
          clearTimeout(timer)
          resolve()
        }
      })
    }
    return this.#sentences.splice(0, count)
  }

  /** Send one sentence and read `count` reply sentences. */
  async exchange(words: readonly string[], count: number, timeoutMs?: number) {
    this.send(words)
    return this.read(count, timeoutMs)
  }

  /** Log in (6.43+) with the fake's default credentials. */
  async login(username = 'admin', password = 'secret') {
    return this.exchange(['/login', `=name=${username}`, `=password=${password}`, '.tag=login'], 1)
  }

  /** Drop the connection. */
  close() {
    this.#socket.destroy()
  }
}
