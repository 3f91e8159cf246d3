import { request as httpRequest } from 'node:http'
import env from '#start/env'
import { TEST_PASSWORD } from './tenants.js'

/** Name of the session cookie (config/session.ts). */
export const SESSION_COOKIE = 'rb-session'

/** One response, read whole. */
export interface PlainResponse {
  status: number
  location: string | undefined
  text: string
  json<T = any>(): T
}

/**
 * A browser-like HTTP session against the test server: keeps its cookies, sends a Host header of
 * our choosing and never follows redirects. Japa's API client cannot replay a session cookie
 * (its session plugin replaces and destroys it), which the isolation tests need to do.
 */
export class HttpSession {
  cookies = new Map<string, string>()

  constructor(public host: string) {}

  /** The same cookies, presented on another host (what an attacker copying them would do). */
  on(host: string) {
    const copy = new HttpSession(host)
    copy.cookies = new Map(this.cookies)
    return copy
  }

  get(path: string) {
    return this.#send('GET', path)
  }

  /** POST a form as it is (no CSRF token added). */
  post(path: string, form: Record<string, string>) {
    return this.#send('POST', path, new URLSearchParams(form).toString())
  }

  /** Open `page` and post `form` with the CSRF token found on it. */
  async submit(page: string, path: string, form: Record<string, string>, method = 'POST') {
    const html = (await this.get(page)).text
    // Adonis reads the spoofed method from the query string.
    const target = method === 'POST' ? path : `${path}?_method=${method}`
    return this.post(target, { ...form, _csrf: csrfTokenIn(html) })
  }

  #send(method: string, path: string, body?: string): Promise<PlainResponse> {
    const headers: Record<string, string> = {
      host: this.host,
      accept: 'text/html,application/json',
    }
    if (this.cookies.size)
      headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
    if (body !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded'
      headers['content-length'] = String(Buffer.byteLength(body))
    }
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port: env.get('PORT'), method, path, headers },
        (res) => {
          for (const line of res.headers['set-cookie'] ?? []) {
            const [pair, ...attributes] = line.split(';')
            const [name, value] = [
              pair.slice(0, pair.indexOf('=')),
              pair.slice(pair.indexOf('=') + 1),
            ]
            const expired = attributes.some((attribute) => /max-age=0\b/i.test(attribute.trim()))
            expired || value === '' ? this.cookies.delete(name) : this.cookies.set(name, value)
          }
          let text = ''
          res.setEncoding('utf8')
          res.on('data', (chunk) => (text += chunk))
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              location: res.headers.location,
              text,
              json: () => JSON.parse(text),
            })
          )
        }
      )
      req.on('error', reject)
      req.end(body)
    })
  }
}

/** The CSRF token of a rendered page (the hidden `_csrf` field). */
export function csrfTokenIn(html: string): string {
  const match = html.match(/name="_csrf"\s+value="([^"]+)"/)
  if (!match) throw new Error('no _csrf field on the page')
  return match[1]
}

/** Log in through the real form on a host, like a browser; returns the logged-in session. */
export async function loginOver(
  host: string,
  email: string,
  password = TEST_PASSWORD,
  extra: Record<string, string> = {}
) {
  const session = new HttpSession(host)
  const response = await session.submit('/login', '/login', { email, password, ...extra })
  return { session, response }
}
