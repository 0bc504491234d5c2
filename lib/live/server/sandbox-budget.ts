/**
 * Sandbox time, shared fairly. Every millisecond a worker spends on a client's
 * behalf (rules, provider hooks, constructors, action bodies) is charged in
 * full to three budgets: the connection's (smaller for anonymous ones), its
 * address's and the server's. A budget may go into debt by a whole call; while
 * any of them is in debt the client's next sandbox work is refused with a clear
 * error until refill has paid it back, so a slow call cannot be repeated for
 * free. When the server's budget is in debt, the heaviest addresses are refused
 * first. A call the watchdog had to stop also costs a penalty (its worker had
 * to be replaced).
 */
import type { SandboxLane } from '../../sandbox'

export interface SandboxBudgetOptions {
  /** Sandbox ms per second for an authenticated connection. */
  readonly connectionMsPerSecond: number
  /** Sandbox ms per second for an anonymous connection. */
  readonly anonymousMsPerSecond: number
  /** Sandbox ms per second for all connections of one client address. */
  readonly addressMsPerSecond: number
  /** Sandbox ms per second for the whole server (by default 90% of the workers' time). */
  readonly serverMsPerSecond: number
  /** Seconds of refill a budget can hold (burst). */
  readonly burstSeconds: number
  /** Extra ms charged when the watchdog had to stop a call. */
  readonly stopPenaltyMs: number
  /** What is budgeted, as refusals name it (default: the sandbox's time; see loop-budget.ts for the other use). */
  readonly words?: { readonly what: string; readonly whole: string }
}

const SANDBOX_WORDS = { what: 'Sandbox time', whole: "The studio's sandbox" }

export function defaultSandboxBudget(workers: number): SandboxBudgetOptions {
  return {
    connectionMsPerSecond: 250,
    anonymousMsPerSecond: 100,
    addressMsPerSecond: 1000,
    serverMsPerSecond: Math.max(1, workers) * 900,
    burstSeconds: 2,
    stopPenaltyMs: 5000,
  }
}

/** A budget in milliseconds, refilled continuously; it may go into debt. */
export class MsBucket {
  private level: number
  private last: number

  constructor(private rate: number, private readonly burstSeconds: number, now: number) {
    this.level = rate * burstSeconds
    this.last = now
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.last) / 1000
    this.last = now
    this.level = Math.min(this.rate * this.burstSeconds, this.level + elapsed * this.rate)
  }

  /** Changes the refill rate (an anonymous connection signed in). */
  setRate(rate: number, now: number): void {
    this.refill(now)
    if (rate === this.rate) return
    this.rate = rate
    this.level = Math.min(this.level, rate * this.burstSeconds)
  }

  spend(ms: number, now: number): void {
    this.refill(now)
    this.level -= ms
  }

  /** Current level (negative: in debt). */
  levelAt(now: number): number {
    this.refill(now)
    return this.level
  }

  get capacity(): number {
    return this.rate * this.burstSeconds
  }

  /** Ms until the level is back to zero. */
  debtMsAt(now: number): number {
    const level = this.levelAt(now)
    return level >= 0 ? 0 : Math.ceil((-level / this.rate) * 1000)
  }

  get perSecond(): number {
    return this.rate
  }
}

/** What the budget needs to know about a connection. */
export interface BudgetedConnection {
  readonly id: string
  readonly address: string
  readonly authenticated: boolean
}

export type Admission = { readonly ok: true } | { readonly ok: false; readonly error: string; readonly retryMs: number }

interface Account {
  readonly bucket: MsBucket
  readonly address: string
  authenticated: boolean
}

const fmtSeconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`

export class SandboxBudget {
  private readonly server: MsBucket
  private readonly addresses = new Map<string, { bucket: MsBucket; connections: number }>()
  private readonly accounts = new Map<string, Account>()
  /** Figures for the Overview: refusals by scope since start. */
  readonly refused = { connection: 0, address: 0, server: 0 }
  stoppedCalls = 0
  /** Told of every charge to an address (instances sharing one team report it to each other). */
  onAddressCharge: ((address: string, ms: number) => void) | undefined

  private readonly words: { readonly what: string; readonly whole: string }

  constructor(readonly options: SandboxBudgetOptions, private readonly clock: () => number = () => performance.now()) {
    this.server = new MsBucket(options.serverMsPerSecond, options.burstSeconds, clock())
    this.words = options.words ?? SANDBOX_WORDS
  }

  private rateFor(authenticated: boolean): number {
    return authenticated ? this.options.connectionMsPerSecond : this.options.anonymousMsPerSecond
  }

  /** Opens an account for a new connection and returns the lane its sandbox calls run in. */
  open(conn: BudgetedConnection): SandboxLane {
    const now = this.clock()
    const account: Account = { bucket: new MsBucket(this.rateFor(conn.authenticated), this.options.burstSeconds, now), address: conn.address, authenticated: conn.authenticated }
    this.accounts.set(conn.id, account)
    let addr = this.addresses.get(conn.address)
    if (!addr) this.addresses.set(conn.address, (addr = { bucket: new MsBucket(this.options.addressMsPerSecond, this.options.burstSeconds, now), connections: 0 }))
    addr.connections++
    return {
      key: conn.id,
      charge: (ms, stopped) => this.charge(conn.id, ms, stopped),
    }
  }

  /** The connection closed; an address whose budget is whole again is forgotten. */
  close(connectionId: string): void {
    const account = this.accounts.get(connectionId)
    if (!account) return
    this.accounts.delete(connectionId)
    const addr = this.addresses.get(account.address)
    if (!addr) return
    addr.connections--
    if (addr.connections <= 0 && addr.bucket.levelAt(this.clock()) >= addr.bucket.capacity) this.addresses.delete(account.address)
  }

  /** Charges `ms` of worker time to the connection, its address and the server. */
  charge(connectionId: string, ms: number, stopped: boolean): void {
    if (!(ms >= 0)) return
    const now = this.clock()
    const cost = stopped ? ms + this.options.stopPenaltyMs : ms
    if (stopped) this.stoppedCalls++
    this.server.spend(ms, now)
    const account = this.accounts.get(connectionId)
    if (!account) return
    account.bucket.spend(cost, now)
    this.addresses.get(account.address)?.bucket.spend(cost, now)
    this.onAddressCharge?.(account.address, cost)
  }

  /** Time an address spent on another instance: charged to its budget here when it has connections here. */
  chargeAddress(address: string, ms: number): void {
    if (!(ms >= 0)) return
    this.addresses.get(address)?.bucket.spend(ms, this.clock())
  }

  /** May this connection start sandbox work now? */
  admit(conn: BudgetedConnection): Admission {
    const account = this.accounts.get(conn.id)
    if (!account) return { ok: true }
    const now = this.clock()
    if (account.authenticated !== conn.authenticated) {
      account.authenticated = conn.authenticated
      account.bucket.setRate(this.rateFor(conn.authenticated), now)
    }
    const own = account.bucket.debtMsAt(now)
    if (own > 0) {
      this.refused.connection++
      const limit = `${account.bucket.perSecond} ms per second for ${conn.authenticated ? 'an authenticated' : 'an anonymous'} connection`
      return { ok: false, retryMs: own, error: `${this.words.what} budget used up for this connection (${limit}); try again in ${fmtSeconds(own)}` }
    }
    const addr = this.addresses.get(account.address)
    const shared = addr?.bucket.debtMsAt(now) ?? 0
    if (shared > 0) {
      this.refused.address++
      return { ok: false, retryMs: shared, error: `${this.words.what} budget used up for your address (${this.options.addressMsPerSecond} ms per second across its connections); try again in ${fmtSeconds(shared)}` }
    }
    const server = this.server.debtMsAt(now)
    // The server is saturated: addresses that used more than half their budget wait; light users go on.
    if (server > 0 && addr && addr.bucket.levelAt(now) < addr.bucket.capacity / 2) {
      this.refused.server++
      return { ok: false, retryMs: server, error: `${this.words.whole} is saturated and this address is among its heaviest users; try again in ${fmtSeconds(server)}` }
    }
    return { ok: true }
  }

  /** The server budget's level (ms; negative when in debt). */
  serverLevel(): number {
    return this.server.levelAt(this.clock())
  }
}
