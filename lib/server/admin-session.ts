import { createHash, createHmac, timingSafeEqual } from 'node:crypto'

export const ADMIN_COOKIE = 'studio_admin'
const TTL_S = 12 * 60 * 60

const keyFor = (adminToken: string) => createHash('sha256').update(`live-auth-studio/admin-session/${adminToken}`).digest()

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a)
  const bb = Buffer.from(b)
  return ab.length === bb.length && timingSafeEqual(ab, bb)
}

/** Constant-time check of a token typed on the sign-in page or sent as a Bearer header. */
export function isAdminToken(candidate: string, adminToken: string): boolean {
  const a = createHash('sha256').update(candidate).digest('hex')
  const b = createHash('sha256').update(adminToken).digest('hex')
  return safeEqual(a, b)
}

/** A stateless session: `v1.<expiry>.<hmac>`; it survives restarts and dies when the admin token changes. */
export function issueAdminSession(adminToken: string, nowS: number): { value: string; maxAge: number } {
  const body = `v1.${nowS + TTL_S}`
  const mac = createHmac('sha256', keyFor(adminToken)).update(body).digest('base64url')
  return { value: `${body}.${mac}`, maxAge: TTL_S }
}

export function verifyAdminSession(value: string | undefined, adminToken: string, nowS: number): boolean {
  if (!value) return false
  const m = /^v1\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value)
  if (!m?.[1] || !m[2]) return false
  if (Number(m[1]) <= nowS) return false
  const mac = createHmac('sha256', keyFor(adminToken)).update(`v1.${m[1]}`).digest('base64url')
  return safeEqual(mac, m[2])
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined
  for (const part of header.split(';')) {
    const i = part.indexOf('=')
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim())
  }
  return undefined
}

export function sessionCookie(value: string, maxAge: number, secure: boolean): string {
  return `${ADMIN_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure ? '; Secure' : ''}`
}
