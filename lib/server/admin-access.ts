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

/** What other instances must hear (lib/cluster/admin-sync.ts). */
export interface AdminAnnouncer {
  revoked(epoch: number): void
  failed(client: string, atMs: number): void
}

/** The meta entries the epoch lives in, and how to read-then-write them as one step (a store transaction). */
type EpochMeta = Pick<MetaStore, 'get' | 'set'>
export type Atomically = <T>(fn: (meta: EpochMeta) => Promise<T>) => Promise<T>

export class AdminAccess {
  readonly throttle = new SignInThrottle()
  private epochValue: number
  /** Set when instances share one team: epochs and wrong tokens are announced. */
  announcer: AdminAnnouncer | undefined

  /**
   * `storedEpoch`: the meta value read at start (AdminAccess.load); checks run in memory, per request.
   * `atomically` runs the read-then-write of "sign out everywhere" in one store transaction, so two instances
   * revoking at once cannot store a lower epoch over a higher one.
   */
  constructor(
    private readonly meta: EpochMeta,
    readonly adminToken: string | undefined,
    storedEpoch?: string,
    private readonly atomically: Atomically = (fn) => fn(meta),
  ) {
    this.epochValue = parseEpoch(storedEpoch)
  }

  /** Another instance signed out everywhere: a higher epoch is taken, a lower one ignored. */
  adoptEpoch(epoch: number): void {
    if (Number.isSafeInteger(epoch) && epoch > this.epochValue) this.epochValue = epoch
  }

  /** Reads the epoch from the shared store again (after missing announcements). */
  async refreshEpoch(): Promise<void> {
    this.adoptEpoch(parseEpoch(await this.meta.get(SESSION_EPOCH_META)))
  }

  /** A wrong token from `client` on another instance counts here too. */
  remoteFailure(client: string, atMs: number): void {
    this.throttle.recordFailure(client, atMs)
  }

  private failure(client: string, nowMs: number): number {
    this.announcer?.failed(client, nowMs)
    return this.throttle.recordFailure(client, nowMs)
  }

  /** Reads the session epoch kept in the store, then builds the gate. */
  static async load(meta: EpochMeta, adminToken: string | undefined, atomically?: Atomically): Promise<AdminAccess> {
    return new AdminAccess(meta, adminToken, await meta.get(SESSION_EPOCH_META), atomically)
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
      this.failure(client, nowMs)
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
    if (!isAdminToken(token, this.adminToken)) return { ok: false, reason: 'invalid', waitMs: this.failure(client, nowMs) }
    this.throttle.recordSuccess(client)
    return { ok: true, session: issueAdminSession(this.adminToken, Math.floor(nowMs / 1000), this.epochValue) }
  }

  /** Voids every session issued so far (sign out everywhere); kept in the store across restarts (resolves once stored). */
  async revokeAll(): Promise<number> {
    // Another instance may have raised it meanwhile: go past the highest known, read and written in one transaction.
    const epoch = await this.atomically(async (meta) => {
      const next = Math.max(this.epochValue, parseEpoch(await meta.get(SESSION_EPOCH_META))) + 1
      await meta.set(SESSION_EPOCH_META, String(next))
      return next
    })
    this.adoptEpoch(epoch)
    this.announcer?.revoked(epoch)
    return epoch
  }
}

/** The stored epoch as a number: anything else (absent, damaged) is 0. */
function parseEpoch(stored: string | undefined): number {
  const n = Number(stored ?? '0')
  return Number.isSafeInteger(n) && n >= 0 ? n : 0
}
