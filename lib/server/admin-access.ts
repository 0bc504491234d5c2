/**
 * Who may use the studio when STUDIO_ADMIN_TOKEN is set: the sign-in (with
 * wrong tokens throttled per client address), Bearer tokens (throttled the same
 * way: they are guesses of the same secret), session cookies, and "sign out
 * everywhere", which raises a session epoch kept in the store so every cookie
 * issued before stops working, also after a restart. One instance per server,
 * shared with the route handlers through the runtime registry.
 */
import type { MetaStore } from '../store/contract'
import { ADMIN_COOKIE, isAdminToken, issueAdminSession, readCookie, verifyAdminSession } from './admin-session'
import { SignInThrottle } from './sign-in-throttle'

/** Store meta key of the session epoch. */
export const SESSION_EPOCH_META = 'admin.sessionEpoch'

/**
 * Request header the server sets to the client's throttling key (from the
 * socket, overwriting anything the client sent) so the sign-in route, which
 * sees only a Fetch Request, throttles by address.
 */
export const CLIENT_KEY_HEADER = 'x-studio-client-key'

export interface AdminCredentials {
  /** The Cookie header. */
  readonly cookie?: string | null
  /** The Authorization header. */
  readonly authorization?: string | null
}

export type AccessCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'missing' | 'invalid' }
  | { readonly ok: false; readonly reason: 'throttled'; readonly retryAfterMs: number }

export type SignInResult =
  | { readonly ok: true; readonly session: { readonly value: string; readonly maxAge: number } }
  /** `waitMs`: what the next try from this address must wait (0 while free tries remain). */
  | { readonly ok: false; readonly reason: 'invalid'; readonly waitMs: number }
  | { readonly ok: false; readonly reason: 'throttled'; readonly retryAfterMs: number }

const GRANTED: AccessCheck = { ok: true }

export class AdminAccess {
  readonly throttle = new SignInThrottle()
  private epochValue: number

  /** `storedEpoch`: the meta value read at start (AdminAccess.load); checks run in memory, per request. */
  constructor(
    private readonly meta: Pick<MetaStore, 'set'>,
    readonly adminToken: string | undefined,
    storedEpoch?: string,
  ) {
    const stored = Number(storedEpoch ?? '0')
    this.epochValue = Number.isSafeInteger(stored) && stored >= 0 ? stored : 0
  }

  /** Reads the session epoch kept in the store, then builds the gate. */
  static async load(meta: Pick<MetaStore, 'get' | 'set'>, adminToken: string | undefined): Promise<AdminAccess> {
    return new AdminAccess(meta, adminToken, await meta.get(SESSION_EPOCH_META))
  }

  /** Sessions issued under another epoch are void. */
  get epoch(): number {
    return this.epochValue
  }

  /** A valid, unexpired session cookie of the current epoch. */
  hasSession(cookieHeader: string | null | undefined, nowMs: number): boolean {
    if (!this.adminToken) return false
    return verifyAdminSession(readCookie(cookieHeader ?? undefined, ADMIN_COOKIE), this.adminToken, Math.floor(nowMs / 1000), this.epochValue)
  }

  /** A Bearer admin token (throttled per client) or a session cookie; always granted without an admin token. */
  check(credentials: AdminCredentials, client: string, nowMs: number): AccessCheck {
    if (!this.adminToken) return GRANTED
    const auth = credentials.authorization
    if (auth?.startsWith('Bearer ')) {
      const retryAfterMs = this.throttle.retryAfterMs(client, nowMs)
      if (retryAfterMs > 0) return { ok: false, reason: 'throttled', retryAfterMs }
      if (isAdminToken(auth.slice(7), this.adminToken)) {
        this.throttle.recordSuccess(client)
        return GRANTED
      }
      this.throttle.recordFailure(client, nowMs)
    }
    if (this.hasSession(credentials.cookie, nowMs)) return GRANTED
    return { ok: false, reason: auth ? 'invalid' : 'missing' }
  }

  /**
   * Exchanges the admin token for a session. While the address is throttled
   * the token is not even compared, so waiting is the only way on.
   */
  signIn(token: string, client: string, nowMs: number): SignInResult {
    // Misuse: without an admin token there is nothing to sign in to (the route answers `required: false`).
    if (!this.adminToken) throw new Error('signIn needs STUDIO_ADMIN_TOKEN to be set')
    const retryAfterMs = this.throttle.retryAfterMs(client, nowMs)
    if (retryAfterMs > 0) return { ok: false, reason: 'throttled', retryAfterMs }
    if (!isAdminToken(token, this.adminToken)) return { ok: false, reason: 'invalid', waitMs: this.throttle.recordFailure(client, nowMs) }
    this.throttle.recordSuccess(client)
    return { ok: true, session: issueAdminSession(this.adminToken, Math.floor(nowMs / 1000), this.epochValue) }
  }

  /** Voids every session issued so far (sign out everywhere); kept in the store across restarts (resolves once stored). */
  async revokeAll(): Promise<number> {
    this.epochValue += 1
    const epoch = this.epochValue
    await this.meta.set(SESSION_EPOCH_META, String(epoch))
    return epoch
  }
}
