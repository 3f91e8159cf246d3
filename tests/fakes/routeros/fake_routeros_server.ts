/*
 * A fake MikroTik router speaking the RouterOS API (EXTERNAL-APIS.md §4) on 127.0.0.1: login
 * (6.43+ and the older challenge), tags echoed after the reply word, `!re`/`!done`/`!trap`/
 * `!fatal` and, from 7.18, `!empty`; stateful hotspot and PPP menus; and hostile behaviours for
 * the failure tests (answer nothing, stall after login, close in the middle of a reply).
 */
import { createHash, randomBytes } from 'node:crypto'
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net'
import { encodeSentence, SentenceDecoder } from './codec.js'
import { FakeMenu, FakeTrap, MENU_SPECS, type FakeItem } from './fake_menus.js'
import { matchesQuery, project } from './fake_query.js'
import {
  attributeWords,
  parseCommand,
  trapSentence,
  versionAtLeast,
  type Command,
} from './fake_words.js'
import { FakeSystem, type FakePppCounters } from './fake_system.js'

/**
 * How the router behaves: `silent` accepts TCP, reads and never answers (not even the login);
 * `stall` logs in and then answers nothing; `cut-reply` logs in and then sends half of every
 * reply before closing the connection.
 */
export type FakeRouterBehaviour = 'normal' | 'silent' | 'stall' | 'cut-reply'

/** How the fake router is set up. */
export interface FakeRouterOsOptions {
  username?: string
  password?: string
  /** Reported by `/system/resource/print`; from 7.18 an empty `print` answers `!empty` (§5.5). */
  version?: string
  /** Pre-6.43 challenge login (§4.5). */
  challengeLogin?: boolean
  /** Delay before each reply, to play a slow but working router. */
  latencyMs?: number
  behaviour?: FakeRouterBehaviour
}

interface Session {
  socket: Socket
  decoder: SentenceDecoder
  loggedIn: boolean
  challenge?: Buffer
  /** Running `monitor-traffic` streams by tag, until `/cancel`. */
  streams: Map<string, NodeJS.Timeout>
}

const STREAM_INTERVAL_MS = 200
const STREAM_MAX_TICKS = 600

/** The fake router: a real TCP server plus the state behind its menus. */
export class FakeRouterOsServer {
  /** Every sentence received, in order (login included), for assertions. */
  readonly received: string[][] = []
  /** TCP connections accepted so far. */
  accepted = 0
  /** Successful logins so far. */
  logins = 0
  behaviour: FakeRouterBehaviour
  /** Resource data, interfaces and their rates. */
  readonly system: FakeSystem
  #options: Required<Omit<FakeRouterOsOptions, 'behaviour'>>
  #server: Server
  #sessions = new Set<Session>()
  #menus = new Map<string, FakeMenu>()
  #scripted = new Map<string, string[][]>()
  #lastId = 0

  private constructor(options: FakeRouterOsOptions) {
    this.#options = {
      username: options.username ?? 'admin',
      password: options.password ?? 'secret',
      version: options.version ?? '7.16.2 (stable)',
      challengeLogin: options.challengeLogin ?? false,
      latencyMs: options.latencyMs ?? 0,
    }
    this.behaviour = options.behaviour ?? 'normal'
    this.system = new FakeSystem(this.#options.version)
    const nextId = () => `*${(++this.#lastId).toString(16).toUpperCase()}`
    for (const [path, spec] of Object.entries(MENU_SPECS)) {
      this.#menus.set(path, new FakeMenu(spec, nextId))
    }
    this.#server = createServer((socket) => this.#accept(socket))
  }

  /** Start a fake router on a free port of 127.0.0.1. */
  static async start(options: FakeRouterOsOptions = {}): Promise<FakeRouterOsServer> {
    const fake = new FakeRouterOsServer(options)
    await new Promise<void>((resolve, reject) => {
      fake.#server.once('error', reject)
      fake.#server.listen(0, '127.0.0.1', () => resolve())
    })
    return fake
  }

  /** Always 127.0.0.1. */
  get host() {
    return '127.0.0.1'
  }

  /** The port it listens on (chosen by the system). */
  get port() {
    return (this.#server.address() as AddressInfo).port
  }

  /** Connections open right now. */
  get openConnections() {
    return this.#sessions.size
  }

  /** The items of a menu (`/ip/hotspot/user`, `/ppp/active`…), live. */
  menu(path: string): FakeMenu {
    const menu = this.#menus.get(path)
    if (!menu) throw new Error(`the fake router has no menu ${path}`)
    return menu
  }

  /** A hotspot client logs in: it appears in `/ip/hotspot/active`. */
  injectHotspotSession(values: { user: string } & Record<string, string>): FakeItem {
    return this.menu('/ip/hotspot/active').insert({ address: '10.5.50.23', ...values })
  }

  /** A PPPoE client connects: it appears in `/ppp/active`, with a `<pppoe-NAME>` interface. */
  injectPppSession(
    values: { name: string } & Record<string, string>,
    counters: FakePppCounters = { rxByte: 0, txByte: 0 }
  ): FakeItem {
    this.system.pppCounters.set(values.name, counters)
    return this.menu('/ppp/active').insert({ address: '10.10.0.2', ...values })
  }

  /**
   * Answer the next `path` command with exactly `sentences` (the tag is added), e.g. a reply
   * word no RouterOS version sends.
   */
  scriptReply(path: string, sentences: string[][]) {
    this.#scripted.set(path, sentences)
  }

  /** Send `!fatal` with `reason` on every connection and close them (§4.3). */
  fatal(reason: string) {
    for (const session of this.#sessions) {
      session.socket.end(encodeSentence(['!fatal', reason]))
    }
  }

  /** Stop listening and drop every connection. */
  async close() {
    for (const session of this.#sessions) this.#drop(session)
    await new Promise<void>((resolve) => this.#server.close(() => resolve()))
  }

  #accept(socket: Socket) {
    this.accepted++
    const session: Session = {
      socket,
      decoder: new SentenceDecoder(),
      loggedIn: false,
      streams: new Map(),
    }
    this.#sessions.add(session)
    socket.on('error', () => this.#drop(session))
    socket.on('close', () => this.#drop(session))
    socket.on('data', (chunk) => {
      try {
        for (const words of session.decoder.push(chunk)) this.#handle(session, words)
      } catch {
        // A peer that breaks the framing gets disconnected, as a router would.
        socket.destroy()
      }
    })
  }

  #drop(session: Session) {
    for (const timer of session.streams.values()) clearInterval(timer)
    session.streams.clear()
    session.socket.destroy()
    this.#sessions.delete(session)
  }

  #handle(session: Session, words: string[]) {
    if (words.length === 0) return
    this.received.push(words)
    const command = parseCommand(words)
    if (this.behaviour === 'silent') return
    if (this.behaviour === 'stall' && session.loggedIn) return
    const cut = this.behaviour === 'cut-reply' && command.path !== '/login'
    const scripted = session.loggedIn ? this.#scripted.get(command.path) : undefined
    if (scripted) {
      this.#scripted.delete(command.path)
      return this.#reply(session, command.tag, scripted, cut)
    }
    try {
      const replies = this.#execute(session, command)
      if (replies) this.#reply(session, command.tag, replies, cut)
    } catch (error) {
      if (!(error instanceof FakeTrap)) throw error
      this.#reply(session, command.tag, [trapSentence(error), ['!done']], cut)
    }
  }

  /** Write the whole reply in one chunk: node-routeros mis-frames a chunk ending between words. */
  #reply(session: Session, tag: string | undefined, sentences: string[][], cut = false) {
    const bytes = Buffer.concat(
      sentences.map((words) =>
        encodeSentence(tag === undefined ? words : [...words, `.tag=${tag}`])
      )
    )
    const write = () => {
      if (session.socket.destroyed) return
      if (!cut) return void session.socket.write(bytes)
      // end(), not destroy(): a reset could make the client drop the half it has not read yet.
      session.socket.end(bytes.subarray(0, Math.ceil(bytes.length / 2)))
    }
    if (this.#options.latencyMs > 0) setTimeout(write, this.#options.latencyMs).unref()
    else write()
  }

  /** The reply sentences of a command, or undefined when it answers later (streams). */
  #execute(session: Session, command: Command): string[][] | undefined {
    if (command.path === '/login') return this.#login(session, command.params)
    if (!session.loggedIn) throw new FakeTrap('not logged in', 5)
    if (command.path === '#') return [['!done']]
    if (command.path === '/quit') {
      session.socket.end(encodeSentence(['!fatal', 'session terminated on request']))
      return undefined
    }
    if (command.path === '/cancel') return this.#cancel(session, command.params.tag)
    if (command.path === '/system/resource/print') {
      return this.#print([this.system.resource()], command)
    }
    if (command.path === '/interface/print') {
      return this.#print(this.system.interfaceRows(this.menu('/ppp/active').items), command)
    }
    if (command.path === '/interface/monitor-traffic') return this.#monitor(session, command)
    const split = command.path.lastIndexOf('/')
    const menu = this.#menus.get(command.path.slice(0, split))
    const verb = command.path.slice(split + 1)
    if (!menu) throw new FakeTrap('no such command prefix', 0)
    switch (verb) {
      case 'print':
        return this.#print(menu.items, command)
      case 'add':
        return [['!done', `=ret=${menu.add(command.params)}`]]
      case 'set':
        menu.set(command.params)
        return [['!done']]
      case 'remove':
        menu.remove(command.params)
        return [['!done']]
      case 'enable':
      case 'disable':
        menu.setDisabled(command.params, verb === 'disable')
        return [['!done']]
      default:
        throw new FakeTrap('no such command', 0)
    }
  }

  #login(session: Session, params: Record<string, string>): string[][] {
    const { username, password, challengeLogin } = this.#options
    if (challengeLogin && params.response === undefined) {
      session.challenge = randomBytes(16)
      return [['!done', `=ret=${session.challenge.toString('hex')}`]]
    }
    const accepted = challengeLogin
      ? session.challenge !== undefined &&
        params.response ===
          `00${createHash('md5')
            .update(Buffer.concat([Buffer.from([0]), Buffer.from(password), session.challenge]))
            .digest('hex')}`
      : params.password === password
    if (params.name !== username || !accepted) {
      throw new FakeTrap(challengeLogin ? 'cannot log in' : 'invalid user name or password (6)')
    }
    session.loggedIn = true
    this.logins++
    return [['!done']]
  }

  #print(rows: readonly FakeItem[], command: Command): string[][] {
    const matched = rows.filter((row) => matchesQuery(command.queries, row))
    if ('count-only' in command.params) return [['!done', `=ret=${matched.length}`]]
    if (matched.length === 0 && versionAtLeast(this.#options.version, 7, 18)) {
      return [['!empty'], ['!done']]
    }
    const proplist = command.params['.proplist']
    return [...matched.map((row) => ['!re', ...attributeWords(project(row, proplist))]), ['!done']]
  }

  #monitor(session: Session, command: Command): string[][] | undefined {
    const traffic = this.system.trafficRows((command.params.interface ?? '').split(','))
    if (!traffic) throw new FakeTrap('no such item', 0)
    const rows = () => traffic.map((row) => ['!re', ...attributeWords(row)])
    if ('once' in command.params) return [...rows(), ['!done']]
    const tag = command.tag ?? ''
    let ticks = 0
    const timer = setInterval(() => {
      if (++ticks > STREAM_MAX_TICKS) return void this.#cancel(session, tag)
      this.#reply(session, command.tag, rows())
    }, STREAM_INTERVAL_MS)
    timer.unref()
    session.streams.set(tag, timer)
    return undefined
  }

  /** `/cancel =tag=T`: the stream ends with an "interrupted" trap, then `/cancel` is done (§4.4). */
  #cancel(session: Session, tag: string | undefined): string[][] {
    const timer = tag === undefined ? undefined : session.streams.get(tag)
    if (timer) {
      clearInterval(timer)
      session.streams.delete(tag!)
      this.#reply(session, tag, [trapSentence(new FakeTrap('interrupted', 2)), ['!done']])
    }
    return [['!done']]
  }
}
