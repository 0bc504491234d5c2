/**
 * Cross-site protections for the studio's own HTTP API and sockets, checked
 * before anything else (also when no admin token is set):
 * - DNS rebinding: a studio bound to loopback answers only requests whose Host
 *   names a loopback address (a page on evil.example resolving to 127.0.0.1
 *   sends `Host: evil.example`).
 * - Cross-site writes: a browser request that changes state (anything but
 *   GET/HEAD/OPTIONS) under /api/ must come from the studio's own origin; a
 *   form or `text/plain` fetch from another site is refused. Scripts and CI
 *   (no Origin, no Sec-Fetch-Site) are not affected.
 */
import type { IncomingMessage } from 'node:http'
import { isLoopbackHost } from '../config'

export type GuardRefusal = { readonly status: 400 | 403; readonly code: string; readonly message: string }

/** The hostname of a Host header (`[::1]:3000` -> `::1`); undefined when missing or malformed. */
export function hostnameOf(hostHeader: string | undefined): string | undefined {
  if (!hostHeader) return undefined
  try {
    return new URL(`http://${hostHeader}`).hostname.replace(/^\[(.*)\]$/, '$1')
  } catch {
    return undefined
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

function pathnameOf(url: string | undefined): string | undefined {
  try {
    return new URL(url ?? '/', 'http://studio.local').pathname
  } catch {
    return undefined
  }
}

function sameOrigin(origin: string, hostHeader: string | undefined): boolean {
  try {
    return new URL(origin).host === hostHeader
  } catch {
    return false
  }
}

/** Why the request must be refused, or undefined when it may go on. `boundHost` is the HOST the server listens on. */
export function crossSiteRefusal(req: Pick<IncomingMessage, 'method' | 'url' | 'headers'>, boundHost: string): GuardRefusal | undefined {
  const host = req.headers.host
  if (isLoopbackHost(boundHost)) {
    const name = hostnameOf(host)
    if (name === undefined || !(isLoopbackHost(name) || name.endsWith('.localhost'))) {
      return { status: 403, code: 'HOST_REFUSED', message: `This studio listens on ${boundHost} and answers only to localhost names, not Host ${JSON.stringify(host ?? '')} (DNS-rebinding protection). Open it as http://localhost or http://127.0.0.1, or set HOST (with STUDIO_ADMIN_TOKEN) to serve other names.` }
    }
  }
  const pathname = pathnameOf(req.url)
  // The listeners check targets first (request-target.ts); this keeps the guard from throwing on its own.
  if (pathname === undefined) return { status: 400, code: 'BAD_REQUEST', message: 'The request target is not a valid path or URL.' }
  if (!pathname.startsWith('/api/') || SAFE_METHODS.has((req.method ?? 'GET').toUpperCase())) return undefined
  const origin = req.headers.origin
  const fetchSite = req.headers['sec-fetch-site']
  const crossSite = (typeof origin === 'string' && origin !== '' && !sameOrigin(origin, host)) || fetchSite === 'cross-site'
  if (crossSite) {
    return { status: 403, code: 'CROSS_SITE_REFUSED', message: 'Requests that change the studio must come from the studio itself (cross-site request refused).' }
  }
  return undefined
}
