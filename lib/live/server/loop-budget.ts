/**
 * The studio's own thread, shared fairly. The sandbox budget covers workspace
 * code on the workers; the studio's thread does the rest of every request:
 * parsing a frame, and after the body, the frames of its answer (a component
 * with a large state sends large deltas). That time is charged to the same
 * kind of budgets (connection, smaller for anonymous ones; address; server),
 * so clients that grow large states cannot hold the thread that answers
 * everyone else (HTTP included). Most of that work is moving bytes (reading
 * frames, serializing and writing answers), so a segment is charged its time
 * plus the bytes its connection received and was sent in it, at
 * BYTES_PER_MS. A developer load-testing from one machine with small
 * messages stays far below the limits (bench/peer: 9,500 round trips/s from
 * one address); 30 anonymous clients growing 128 KiB states (bench/attack 3)
 * are held to a small share of the thread.
 */
import type { LiveConnection } from './connection'
import type { LiveContext } from './live-context'
import type { SandboxBudgetOptions } from './sandbox-budget'

export const DEFAULT_LOOP_BUDGET: SandboxBudgetOptions = {
  connectionMsPerSecond: 50,
  anonymousMsPerSecond: 10,
  addressMsPerSecond: 500,
  serverMsPerSecond: 800,
  burstSeconds: 2,
  stopPenaltyMs: 0,
  words: { what: 'Server time', whole: "The studio's thread" },
}

/** Bytes moved (received or sent) that cost the studio's thread about a millisecond. */
export const BYTES_PER_MS = 32 * 1024

/** Where a charged segment starts. */
export interface LoopMark {
  readonly at: number
  readonly sentBytes: number
}

export function loopMark(ctx: LiveContext, conn: LiveConnection): LoopMark {
  return { at: ctx.clock(), sentBytes: conn.sentBytes }
}

/** Charges the segment since `mark` to `conn`: its time, plus the bytes it was sent meanwhile and `receivedBytes`. */
export function chargeLoop(ctx: LiveContext, conn: LiveConnection, mark: LoopMark, receivedBytes = 0): void {
  const bytes = conn.sentBytes - mark.sentBytes + receivedBytes
  ctx.loopBudget.charge(conn.id, ctx.clock() - mark.at + bytes / BYTES_PER_MS, false)
}
