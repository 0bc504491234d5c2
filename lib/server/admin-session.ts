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

// The session epoch is part of what the MAC covers, so raising it (sign out everywhere) voids every
// earlier cookie. Epoch 0 keeps the original form, so sessions issued before epochs existed stay valid.
const macBody = (expiry: string, epoch: number) => (epoch === 0 ? `v1.${expiry}` : `v1.${expiry}.e${epoch}`)

/**
 * A stateless session: `v1.<expiry>.<hmac>`; it survives restarts and dies when
 * the admin token changes or the session epoch (kept in the store) is raised.
 */
export function issueAdminSession(adminToken: string, nowS: number, epoch = 0): { value: string; maxAge: number } {
  const expiry = String(nowS + TTL_S)
  const mac = createHmac('sha256', keyFor(adminToken)).update(macBody(expiry, epoch)).digest('base64url')
  return { value: `v1.${expiry}.${mac}`, maxAge: TTL_S }
}

export function verifyAdminSession(value: string | undefined, adminToken: string, nowS: number, epoch = 0): boolean {
  if (!value) return false
  const m = /^v1\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value)
  if (!m?.[1] || !m[2]) return false
  if (Number(m[1]) <= nowS) return false
  const mac = createHmac('sha256', keyFor(adminToken)).update(macBody(m[1], epoch)).digest('base64url')
  return safeEqual(mac, m[2])
}

/** One cookie's value; undefined when absent or when its percent-encoding does not decode (treated as absent). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined
  for (const part of header.split(';')) {
    const i = part.indexOf('=')
    if (i > 0 && part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim())
      } catch {
        return undefined
      }
    }
  }
  return undefined
}

export function sessionCookie(value: string, maxAge: number, secure: boolean): string {
  return `${ADMIN_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure ? '; Secure' : ''}`
}

/** The Set-Cookie that removes the session cookie (sign out). */
export const CLEARED_SESSION_COOKIE = `${ADMIN_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`
