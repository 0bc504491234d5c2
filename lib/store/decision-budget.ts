/**
 * The decision log's per-connection budget (issue 13): each live connection may
 * write LOG_BUDGET.perSecond rows a second (bursts of LOG_BUDGET.burst). Past it,
 * the connection "folds" until it slows down again (a slice with fewer decisions
 * than perSecond):
 *
 * - a decision identical to a row written for it less than `sliceMs` ago (same
 *   connection, kind, verdict, layer, reason, component, action, profile,
 *   workspace and version, session, persona) is not written: that row's
 *   `repeat_count` grows by one ("and 4,812 more like this");
 * - any other decision is written in full while a token is left (it is new
 *   information), and becomes the row later identical ones fold into;
 * - with no token left, it is counted on an overflow row of the slice for its
 *   kind, verdict, layer and session: a row without reason, trace or payload
 *   whose `folded_variants` lists the distinct decisions it counts. The row is
 *   the connection's when its own budget ran out, and shared by every
 *   connection (no connection id) when the server's did, so many connections
 *   cannot add up to a flood of rows either.
 *
 * So every decision is counted exactly once (count in = sum of repeat_count), a
 * flood costs about one row per second per distinct decision, and no folded
 * decision is more than `sliceMs` away from its row's `at` (decisions/s stays right).
 * Time is each decision's `at`: this module reads no clock.
 */
import { FoldTarget, type WireFold } from './decision-folds'
import type { DecisionInput } from './model/decision'

export interface LogBudgetOptions {
  /** Rows one connection may write per second, sustained. */
  readonly perSecond: number
  /** Rows one connection may write in a burst. */
  readonly burst: number
  /** A row takes folded decisions for this long after its own `at`; later ones start a new row. */
  readonly sliceMs: number
  /** Distinct decisions an overflow row lists; the others are counted together. */
  readonly maxVariants: number
  /** Rows all connections together may write per second, sustained (many connections cannot add up to a flood). */
  readonly serverPerSecond: number
  /** Rows all connections together may write in a burst. */
  readonly serverBurst: number
}

/**
 * Folds into a row already written wait this long (decision time) before they
 * go to the writer, so a flood costs one UPDATE per row and interval, not one
 * per decision. Counts are exact in memory at once (`received`); reads flush.
 */
export const FOLD_HOLD_MS = 2000

export const LOG_BUDGET: LogBudgetOptions = { perSecond: 5, burst: 50, sliceMs: 1000, maxVariants: 20, serverPerSecond: 50, serverBurst: 500 }

interface Connection {
  tokens: number
  refilledAt: number
  folding: boolean
  sliceStart: number
  sliceCount: number
  lastAt: number
  readonly targets: Map<string, FoldTarget>
  readonly overflow: Map<string, FoldTarget>
}

const part = (v: string | number | undefined) => (v === undefined ? '\u0001' : String(v))
const SEP = '\u0000'
/**
 * The fields that make two decisions "identical" (within one connection). It runs once per decision:
 * one array joined into one flat string, not a chain of a dozen concatenations (each a string of its own).
 */
export const identityKey = (d: DecisionInput): string =>
  [
    part(d.kind), part(d.verdict), part(d.decidedBy), part(d.reason), part(d.component), part(d.action), part(d.profile), part(d.workspaceId),
    part(d.workspaceVersion), part(d.sessionId), part(d.persona), part(d.source), d.mismatch === true ? '1' : '0',
  ].join(SEP)
const overflowKey = (d: DecisionInput): string =>
  [
    part(d.kind), part(d.verdict), part(d.decidedBy), part(d.profile), part(d.workspaceId), part(d.workspaceVersion), part(d.sessionId),
    part(d.persona), part(d.source), d.mismatch === true ? '1' : '0',
  ].join(SEP)

/** The row an overflow starts with: the first decision's identity, no reason, trace or payload. */
function overflowRow(d: DecisionInput): DecisionInput {
  const { reason: _reason, payload: _payload, warnings: _warnings, ...rest } = d
  return { ...rest, trace: [] }
}

/** What to write for one decision: a row (with the target later decisions fold into), or nothing (it was folded). */
export type Admission = { readonly row: DecisionInput; readonly target: FoldTarget | undefined } | undefined

export class LoggingBudget {
  private readonly options: LogBudgetOptions
  private readonly connections = new Map<string, Connection>()
  private readonly changed = new Set<FoldTarget>()
  /** Overflow rows of decisions over the server's budget: shared by every connection (one per kind of decision and slice). */
  private readonly serverOverflow = new Map<string, FoldTarget>()
  private now = 0
  private prunedAt = 0
  /** The server-wide budget, refilled by decision time like the connections'. */
  private serverTokens: number
  private serverRefilledAt = 0
  /** Decisions folded into rows that could not be written (counted as failed by the log). */
  lost = 0

  /** `false` turns budgeting off: every decision is written in full. */
  constructor(options: Partial<LogBudgetOptions> | false = {}) {
    this.options = options === false ? { ...LOG_BUDGET, perSecond: Infinity, burst: Infinity } : { ...LOG_BUDGET, ...options }
    this.serverTokens = this.options.serverBurst
  }

  /** A row may be written when both the connection and the server have a token left. */
  private hasToken(c: Connection, at: number): boolean {
    if (at > this.serverRefilledAt) {
      this.serverTokens = Math.min(this.options.serverBurst, this.serverTokens + ((at - this.serverRefilledAt) * this.options.serverPerSecond) / 1000)
      this.serverRefilledAt = at
    }
    return c.tokens >= 1 && this.serverTokens >= 1
  }

  admit(d: DecisionInput): Admission {
    if (d.connectionId === undefined || this.options.burst === Infinity) return { row: d, target: undefined }
    this.now = Math.max(this.now, d.at)
    const c = this.connection(d.connectionId, d.at)
    const key = identityKey(d)
    if (!c.folding && this.hasToken(c, d.at)) return this.written(c, key, d)
    c.folding = true
    const same = c.targets.get(key)
    if (same && !same.dead && d.at - same.at < this.options.sliceMs) return this.folded(same, d, key)
    if (this.hasToken(c, d.at)) return this.written(c, key, d)
    // The connection still had budget: the server's ran out, and many connections share one overflow row a slice.
    const shared = c.tokens >= 1
    const overflows = shared ? this.serverOverflow : c.overflow
    const okey = shared ? this.sharedKey(d) : overflowKey(d)
    const over = overflows.get(okey)
    if (over && !over.dead && d.at - over.at < this.options.sliceMs) return this.folded(over, d, key)
    const target = new FoldTarget(d.at, d)
    target.fold(d, key, this.options.maxVariants, true)
    this.changed.add(target)
    overflows.set(okey, target)
    const row = overflowRow(d)
    if (!shared) return { row, target }
    const { connectionId: _connection, ...anyConnection } = row
    return { row: anyConnection, target }
  }

  /**
   * Folds ready to travel with `batch` (rows in it, or rows already acknowledged); the rest wait.
   * Folds into acknowledged rows are held for FOLD_HOLD_MS unless `force` (a read or a flush wants them now).
   */
  takeFolds(batch: readonly unknown[], force = true): { target: FoldTarget; wire: WireFold }[] {
    const out: { target: FoldTarget; wire: WireFold }[] = []
    for (const target of this.changed) {
      if (target.dead) {
        this.lost += target.unsent
        target.unsent = 0
        this.changed.delete(target)
        continue
      }
      if (!force && target.id !== undefined && this.now - target.sentAt < FOLD_HOLD_MS) continue
      const wire = target.wire(batch)
      if (!wire) continue
      out.push({ target, wire })
      target.sentAt = this.now
      target.unsent = 0
      target.changed = false
      this.changed.delete(target)
    }
    this.prune()
    return out
  }

  /** Folds still waiting to be handed to the writer. */
  get waiting(): number {
    return this.changed.size
  }

  /** Connections whose budget is tracked (idle ones are forgotten once their budget is full again). */
  get tracked(): number {
    return this.connections.size
  }

  private connection(id: string, at: number): Connection {
    let c = this.connections.get(id)
    if (!c) {
      c = { tokens: this.options.burst, refilledAt: at, folding: false, sliceStart: at, sliceCount: 0, lastAt: at, targets: new Map(), overflow: new Map() }
      this.connections.set(id, c)
    }
    if (at > c.refilledAt) {
      c.tokens = Math.min(this.options.burst, c.tokens + ((at - c.refilledAt) * this.options.perSecond) / 1000)
      c.refilledAt = at
    }
    if (at - c.sliceStart >= this.options.sliceMs) {
      // A slice with fewer decisions than the budget rate (or a silent one) ends folding.
      const quiet = c.sliceCount < (this.options.perSecond * this.options.sliceMs) / 1000 || at - c.sliceStart >= 2 * this.options.sliceMs
      if (quiet) c.folding = false
      c.sliceStart = at
      c.sliceCount = 0
    }
    c.sliceCount++
    c.lastAt = Math.max(c.lastAt, at)
    return c
  }

  private written(c: Connection, key: string, d: DecisionInput): Admission {
    c.tokens -= 1
    this.serverTokens -= 1
    const target = new FoldTarget(d.at)
    c.targets.set(key, target)
    return { row: d, target }
  }

  private folded(target: FoldTarget, d: DecisionInput, key: string): Admission {
    target.fold(d, key, this.options.maxVariants)
    this.changed.add(target)
    return undefined
  }

  /**
   * A shared overflow row per component and action while there are few of them in
   * a slice (so counts filtered by action stay exact), then one catch-all row: an
   * attacker inventing action names cannot make rows without bound.
   */
  private sharedKey(d: DecisionInput): string {
    const base = overflowKey(d)
    const specific = base + SEP + part(d.component) + SEP + part(d.action)
    const existing = this.serverOverflow.get(specific)
    if (existing && !existing.dead && d.at - existing.at < this.options.sliceMs) return specific
    let live = 0
    for (const t of this.serverOverflow.values()) if (!t.dead && d.at - t.at < this.options.sliceMs) live++
    return live < this.options.maxVariants ? specific : base
  }

  /** Forgets rows too old to take folds and connections whose budget is full again (at most once a slice). */
  private prune(): void {
    if (this.now - this.prunedAt < this.options.sliceMs) return
    this.prunedAt = this.now
    for (const [key, t] of this.serverOverflow) if (!t.changed && (t.dead || this.now - t.at >= this.options.sliceMs)) this.serverOverflow.delete(key)
    const refillMs = (this.options.burst / this.options.perSecond) * 1000
    for (const [id, c] of this.connections) {
      for (const map of [c.targets, c.overflow]) {
        for (const [key, t] of map) if (!t.changed && (t.dead || this.now - t.at >= this.options.sliceMs)) map.delete(key)
      }
      if (c.targets.size === 0 && c.overflow.size === 0 && this.now - c.lastAt >= Math.max(refillMs, 2 * this.options.sliceMs)) this.connections.delete(id)
    }
  }
}
