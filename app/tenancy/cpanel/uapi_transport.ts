import { Agent, request } from 'node:https'

/** One form-encoded POST to cPanel. */
export interface UapiRequest {
  url: URL
  headers: Record<string, string>
  body: string
  signal: AbortSignal
}

/** cPanel's raw reply, before anything is parsed. */
export interface UapiReply {
  status: number
  contentType: string
  text: string
}

/** Sends one request and reads the whole reply; rejects on network, TLS and abort errors. */
export type UapiTransport = (request: UapiRequest) => Promise<UapiReply>

/** The default transport: Node's global `fetch`, with normal certificate checks. */
export const fetchTransport: UapiTransport = async ({ url, headers, body, signal }) => {
  // `manual`: a redirect (to a login page, say) is a wrong URL to report, not to follow.
  const response = await fetch(url, { method: 'POST', headers, body, signal, redirect: 'manual' })
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text: await response.text(),
  }
}

/**
 * A transport that accepts a self-signed certificate. The relaxed check lives in an agent owned
 * by one client, so it applies to that cPanel host only and never to the rest of the process.
 */
export function insecureHttpsTransport(): UapiTransport {
  const agent = new Agent({ rejectUnauthorized: false })
  return ({ url, headers, body, signal }) =>
    new Promise((resolve, reject) => {
      const outgoing = request(url, { method: 'POST', headers, agent, signal }, (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('error', reject)
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            contentType: response.headers['content-type'] ?? '',
            text: Buffer.concat(chunks).toString('utf8'),
          })
        )
      })
      outgoing.on('error', reject)
      outgoing.end(body)
    })
}
