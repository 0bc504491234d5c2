import type { IncomingMessage, ServerResponse } from 'node:http'
import { ADMIN_COOKIE, isAdminToken, readCookie, verifyAdminSession } from './admin-session'

/** Paths reachable without an admin session: the sign-in flow, its assets, public keys. */
const PUBLIC = [/^\/signin\/?$/, /^\/api\/session\/?$/, /^\/_next\/static\//, /^\/favicon\.ico$/, /^\/\.well-known\/jwks\.json$/, /^\/api\/workspaces\/[^/]+\/jwks\.json$/]

export function isPublicPath(pathname: string): boolean {
  return PUBLIC.some((re) => re.test(pathname))
}

/** True when the request carries a valid admin session cookie or `Authorization: Bearer <admin token>`. */
export function hasAdminAccess(req: IncomingMessage, adminToken: string, nowS: number): boolean {
  const auth = req.headers.authorization
  if (auth?.startsWith('Bearer ') && isAdminToken(auth.slice(7), adminToken)) return true
  return verifyAdminSession(readCookie(req.headers.cookie, ADMIN_COOKIE), adminToken, nowS)
}

/**
 * Answers a request that lacks admin access: APIs get 401 JSON, pages a
 * redirect to the sign-in page. Returns false when the request may proceed.
 */
export function refuseWithoutAdmin(req: IncomingMessage, res: ServerResponse, adminToken: string | undefined): boolean {
  if (!adminToken) return false
  const url = new URL(req.url ?? '/', 'http://studio.local')
  if (isPublicPath(url.pathname) || hasAdminAccess(req, adminToken, Math.floor(Date.now() / 1000))) return false
  if (url.pathname.startsWith('/api/')) {
    res.writeHead(401, { 'content-type': 'application/json', 'cache-control': 'no-store' })
    res.end(JSON.stringify({ error: 'ADMIN_SESSION_REQUIRED', message: 'Sign in with the studio admin token first.' }))
  } else {
    const next = encodeURIComponent(url.pathname + url.search)
    res.writeHead(303, { location: `/signin?next=${next}`, 'cache-control': 'no-store' })
    res.end()
  }
  return true
}
