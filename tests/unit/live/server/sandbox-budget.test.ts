import { beforeEach, describe, expect, it } from 'vitest'
import { defaultSandboxBudget, MsBucket, SandboxBudget, type BudgetedConnection, type SandboxBudgetOptions } from '@/lib/live/server/sandbox-budget'

/** A fake monotonic clock in ms, moved by hand. */
let now = 0
const clock = () => now

beforeEach(() => {
  now = 1_000
})

const conn = (id: string, address: string, authenticated = false): BudgetedConnection => ({ id, address, authenticated })

/** Options where only the budget under test is small: the others never get in the way. */
const LARGE = 1_000_000
const options = (over: Partial<SandboxBudgetOptions>): SandboxBudgetOptions => ({
  connectionMsPerSecond: LARGE,
  anonymousMsPerSecond: LARGE,
  addressMsPerSecond: LARGE,
  serverMsPerSecond: LARGE,
  burstSeconds: 2,
  stopPenaltyMs: 2000,
  ...over,
})

describe('MsBucket', () => {
  it('starts full (rate x burst), goes into debt by the whole amount, and refills continuously up to its capacity', () => {
    const b = new MsBucket(100, 2, 0)
    expect(b.capacity).toBe(200)
    expect(b.perSecond).toBe(100)
    expect(b.levelAt(0)).toBe(200)
    b.spend(3200, 0)
    // No floor: the whole call is owed.
    expect(b.levelAt(0)).toBe(-3000)
    expect(b.debtMsAt(0)).toBe(30_000)
    expect(b.levelAt(10_000)).toBe(-2000)
    expect(b.debtMsAt(10_000)).toBe(20_000)
    expect(b.debtMsAt(29_000)).toBe(1000)
    expect(b.debtMsAt(30_000)).toBe(0)
    // Refill stops at the capacity.
    expect(b.levelAt(1_000_000)).toBe(200)
  })

  it('setRate refills at the old rate first, then caps the level to the new capacity (never raises it)', () => {
    const b = new MsBucket(250, 2, 0)
    expect(b.levelAt(0)).toBe(500)
    b.setRate(100, 0)
    expect([b.perSecond, b.capacity, b.levelAt(0)]).toEqual([100, 200, 200])
    b.spend(400, 0)
    b.setRate(250, 0)
    // Still the same debt, now paid back at 250 ms/s.
    expect(b.levelAt(0)).toBe(-200)
    expect(b.debtMsAt(0)).toBe(800)
  })
})

describe('SandboxBudget', () => {
  it('has the documented defaults, the server budget sized from the workers', () => {
    expect(defaultSandboxBudget(4)).toEqual({
      connectionMsPerSecond: 250, anonymousMsPerSecond: 100, addressMsPerSecond: 1000, serverMsPerSecond: 3600, burstSeconds: 2, stopPenaltyMs: 5000,
    })
    expect(defaultSandboxBudget(0).serverMsPerSecond).toBe(900)
  })

  it('charges the full cost: one 3,200 ms call puts an anonymous connection in debt for ~30 s at 100 ms/s, with a clear error', () => {
    const budget = new SandboxBudget(defaultSandboxBudget(2), clock)
    const c = conn('c1', '10.0.0.1')
    const lane = budget.open(c)
    expect(lane.key).toBe('c1')
    expect(budget.admit(c)).toEqual({ ok: true })
    // The lane the sandbox charges is this connection's account.
    lane.charge(3200, false)
    // 200 ms of burst minus 3,200 ms: 3,000 ms owed, paid back at 100 ms per second.
    expect(budget.admit(c)).toEqual({
      ok: false,
      retryMs: 30_000,
      error: 'Sandbox time budget used up for this connection (100 ms per second for an anonymous connection); try again in 30 s',
    })
    now += 29_000
    expect(budget.admit(c)).toMatchObject({ ok: false, retryMs: 1000, error: expect.stringContaining('try again in 1.0 s') })
    now += 1_000
    expect(budget.admit(c)).toEqual({ ok: true })
    expect(budget.refused.connection).toBe(2)
  })

  it('a fast client is never refused at its sustained rate', () => {
    const budget = new SandboxBudget(defaultSandboxBudget(2), clock)
    const c = conn('c1', '10.0.0.1')
    budget.open(c)
    for (let i = 0; i < 1000; i++) {
      now += 20
      expect(budget.admit(c)).toEqual({ ok: true })
      budget.charge('c1', 0.5, false)
    }
  })

  it('ignores nonsense charges', () => {
    const budget = new SandboxBudget(options({ anonymousMsPerSecond: 100 }), clock)
    const c = conn('c1', '10.0.0.1')
    budget.open(c)
    budget.charge('c1', Number.NaN, false)
    budget.charge('c1', -5000, false)
    budget.charge('c1', Number.NaN, true)
    expect(budget.stoppedCalls).toBe(0)
    budget.charge('c1', 200, false)
    // Exactly the burst spent: level 0 is not debt.
    expect(budget.admit(c)).toEqual({ ok: true })
    budget.charge('c1', 1, false)
    expect(budget.admit(c)).toMatchObject({ ok: false, retryMs: 10 })
  })

  it('anonymous and authenticated connections have their own rates, and the rate follows `authenticated`', () => {
    const budget = new SandboxBudget(options({ anonymousMsPerSecond: 100, connectionMsPerSecond: 250 }), clock)
    const anon = conn('a', '10.0.0.1', false)
    const signed = conn('s', '10.0.0.2', true)
    budget.open(anon)
    budget.open(signed)
    budget.charge('a', 400, false)
    budget.charge('s', 400, false)
    // Anonymous: 200 ms of burst, 200 owed at 100 ms/s. Authenticated: 500 of burst, 100 left.
    expect(budget.admit(anon)).toEqual({
      ok: false, retryMs: 2000, error: 'Sandbox time budget used up for this connection (100 ms per second for an anonymous connection); try again in 2.0 s',
    })
    expect(budget.admit(signed)).toEqual({ ok: true })

    // The anonymous connection signs in: the same debt is now paid back at 250 ms/s.
    const nowSigned = { ...anon, authenticated: true }
    expect(budget.admit(nowSigned)).toEqual({
      ok: false, retryMs: 800, error: 'Sandbox time budget used up for this connection (250 ms per second for an authenticated connection); try again in 0.8 s',
    })
    now += 800
    expect(budget.admit(nowSigned)).toEqual({ ok: true })
    // It now holds up to 500 ms of burst (authenticated capacity).
    now += 10_000
    budget.charge('a', 450, false)
    expect(budget.admit(nowSigned)).toEqual({ ok: true })

    // 's' is back to its 500 ms of burst; signing out lowers the rate and caps the burst to 200 ms,
    // so 300 ms (which an authenticated connection could afford) is now 100 ms of debt.
    const signedOut = { ...signed, authenticated: false }
    expect(budget.admit(signedOut)).toEqual({ ok: true })
    budget.charge('s', 300, false)
    expect(budget.admit(signedOut)).toMatchObject({ ok: false, retryMs: 1000, error: expect.stringContaining('100 ms per second for an anonymous connection') })
  })

  it('the address budget is shared by all connections of one address, not by other addresses', () => {
    const budget = new SandboxBudget(options({ addressMsPerSecond: 500 }), clock)
    const first = conn('c1', '10.0.0.1')
    const second = conn('c2', '10.0.0.1')
    const other = conn('c3', '10.0.0.2')
    budget.open(first)
    budget.open(second)
    budget.open(other)
    // 1,000 ms of burst for the address; 1,500 spent by its first connection.
    budget.charge('c1', 1500, false)
    const refusal = {
      ok: false, retryMs: 1000, error: 'Sandbox time budget used up for your address (500 ms per second across its connections); try again in 1.0 s',
    }
    // The second connection spent nothing of its own, yet its address is in debt.
    expect(budget.admit(second)).toEqual(refusal)
    expect(budget.admit(first)).toEqual(refusal)
    expect(budget.admit(other)).toEqual({ ok: true })
    expect(budget.refused.address).toBe(2)
    now += 500
    expect(budget.admit(second)).toMatchObject({ ok: false, retryMs: 500 })
    now += 500
    expect(budget.admit(second)).toEqual({ ok: true })
  })

  it('when the server budget is in debt, only the heaviest addresses are refused', () => {
    const budget = new SandboxBudget(options({ addressMsPerSecond: 1000, serverMsPerSecond: 1000 }), clock)
    const heavy = conn('h', '10.0.0.1')
    const light = conn('l', '10.0.0.2')
    const fresh = conn('f', '10.0.0.3')
    budget.open(heavy)
    budget.open(light)
    budget.open(fresh)
    // Server: 2,000 ms of burst. The heavy address used 1,500 of its 2,000 (more than half), the light one 600.
    budget.charge('h', 1500, false)
    budget.charge('l', 600, false)
    expect(budget.serverLevel()).toBe(-100)
    expect(budget.admit(heavy)).toEqual({
      ok: false, retryMs: 100, error: "The studio's sandbox is saturated and this address is among its heaviest users; try again in 0.1 s",
    })
    expect(budget.admit(light)).toEqual({ ok: true })
    expect(budget.admit(fresh)).toEqual({ ok: true })
    expect(budget.refused).toEqual({ connection: 0, address: 0, server: 1 })
    now += 100
    expect(budget.admit(heavy)).toEqual({ ok: true })
  })

  it('the server budget alone, while not in debt, refuses nobody', () => {
    const budget = new SandboxBudget(options({ addressMsPerSecond: 1000, serverMsPerSecond: 1000 }), clock)
    const heavy = conn('h', '10.0.0.1')
    budget.open(heavy)
    budget.charge('h', 1900, false)
    expect(budget.serverLevel()).toBe(100)
    expect(budget.admit(heavy)).toEqual({ ok: true })
  })

  it('a call the watchdog stopped costs the connection and its address a penalty (not the server)', () => {
    const budget = new SandboxBudget(options({ connectionMsPerSecond: 250, addressMsPerSecond: 1000, serverMsPerSecond: 1000, stopPenaltyMs: 2000 }), clock)
    const c = conn('c1', '10.0.0.1', true)
    const neighbour = conn('c2', '10.0.0.1', true)
    const lane = budget.open(c)
    budget.open(neighbour)
    lane.charge(60, false)
    expect(budget.admit(c)).toEqual({ ok: true })
    expect(budget.stoppedCalls).toBe(0)

    lane.charge(60, true)
    expect(budget.stoppedCalls).toBe(1)
    // Connection: 500 - 60 - (60 + 2000) = -1620, paid back at 250 ms/s.
    expect(budget.admit(c)).toEqual({
      ok: false, retryMs: 6480, error: 'Sandbox time budget used up for this connection (250 ms per second for an authenticated connection); try again in 6.5 s',
    })
    // Address: 2000 - 60 - 2060 = -120, paid back at 1000 ms/s.
    expect(budget.admit(neighbour)).toMatchObject({ ok: false, retryMs: 120, error: expect.stringContaining('for your address') })
    // Server: only the time actually spent (2000 - 60 - 60).
    expect(budget.serverLevel()).toBe(1880)
  })

  it('close() forgets the account; an address in debt is remembered for its next connection', () => {
    const budget = new SandboxBudget(options({ anonymousMsPerSecond: 100, addressMsPerSecond: 500, serverMsPerSecond: 1000 }), clock)
    const c = conn('c1', '10.0.0.1')
    budget.open(c)
    budget.charge('c1', 1500, false)
    expect(budget.admit(c)).toMatchObject({ ok: false })
    budget.close('c1')
    // No account any more: nothing to refuse, and a late charge only reaches the server.
    expect(budget.admit(c)).toEqual({ ok: true })
    const server = budget.serverLevel()
    budget.charge('c1', 300, false)
    expect(budget.serverLevel()).toBe(server - 300)
    expect(budget.admit(c)).toEqual({ ok: true })
    // Closing twice (or an unknown id) is harmless.
    budget.close('c1')
    budget.close('nope')

    // Reconnecting does not clear the address's debt (500 ms owed at 500 ms/s).
    const again = conn('c1-bis', '10.0.0.1')
    budget.open(again)
    expect(budget.admit(again)).toMatchObject({ ok: false, retryMs: 1000, error: expect.stringContaining('for your address') })
    budget.close('c1-bis')
    // Once the address has refilled, a new connection of it starts afresh.
    now += 60_000
    const later = conn('c1-ter', '10.0.0.1')
    budget.open(later)
    expect(budget.admit(later)).toEqual({ ok: true })
    budget.charge('c1-ter', 150, false)
    expect(budget.admit(later)).toEqual({ ok: true })
  })
})

describe('address budgets across instances', () => {
  it('time spent by an address elsewhere is charged here; every charge here is reported', () => {
    const budget = new SandboxBudget(options({ addressMsPerSecond: 100 }), clock)
    const reported: [string, number][] = []
    budget.onAddressCharge = (address, ms) => void reported.push([address, ms])
    const c = conn('c1', '1.2.3.4')
    budget.open(c)
    budget.chargeAddress('1.2.3.4', 250) // the burst is 200 ms: in debt now
    budget.chargeAddress('9.9.9.9', 1_000) // no connection here: nothing to charge
    expect(budget.admit(c)).toMatchObject({ ok: false, error: expect.stringContaining('for your address') })
    budget.charge('c1', 5, false)
    expect(reported).toEqual([['1.2.3.4', 5]])
  })
})
