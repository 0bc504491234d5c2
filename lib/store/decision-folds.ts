/**
 * One fold of the decision log (decision-budget.ts decides when): the row that decisions are
 * folded into on the host side (FoldTarget), the fold as the writer thread applies it
 * (WireFold; each store applies it with its own SQL), and how a new row is announced with what folded into it in its own batch.
 */
import type { DecisionInput } from './model/decision'

/** One distinct decision counted on an overflow row. */
export interface FoldVariant {
  readonly component?: string
  readonly action?: string
  readonly reason?: string
  readonly count: number
}

/** What an overflow row's `folded_variants` column holds. */
export interface FoldedVariants {
  readonly variants: readonly FoldVariant[]
  /** Decisions counted beyond the listed variants. */
  readonly others: number
}

/** A fold as the writer applies it: to row `id`, or to the `row`-th row of the same batch. */
export interface WireFold {
  readonly id?: number
  readonly row?: number
  readonly add: number
  readonly lastAt: number
  readonly overflow?: true
  readonly variants?: string
  readonly component?: string | null
  readonly action?: string | null
}

/** A written (or about to be written) row that later decisions fold into. */
export class FoldTarget {
  /** Row id, once the writer has acknowledged the row. */
  id: number | undefined
  /** The row could not be written: nothing folds into it any more. */
  dead = false
  /** Where the row waits while not yet handed to the writer. */
  slot: { readonly batch: readonly unknown[]; readonly index: number } | undefined
  /** Decisions folded in and not yet handed to the writer. */
  unsent = 0
  /** Something to tell the writer (new folds, or an overflow row's variants). */
  changed = false
  /** Decision time of the last fold handed to the writer (folds into a row are sent at most every FOLD_HOLD_MS). */
  sentAt = Number.NEGATIVE_INFINITY
  lastAt: number
  private readonly variants: Map<string, { component?: string; action?: string; reason?: string; count: number }> | undefined
  private others = 0
  private component: string | null
  private action: string | null

  constructor(readonly at: number, overflowOf?: DecisionInput) {
    this.lastAt = at
    this.component = overflowOf?.component ?? null
    this.action = overflowOf?.action ?? null
    this.variants = overflowOf ? new Map() : undefined
  }

  get overflow(): boolean {
    return this.variants !== undefined
  }

  /** Counts one more decision on this row (`first`: the row's own decision, already counted by the row). */
  fold(input: DecisionInput, key: string, max: number, first = false): void {
    if (!first) this.unsent++
    this.lastAt = Math.max(this.lastAt, input.at)
    this.changed = true
    if (!this.variants) return
    if (this.component !== (input.component ?? null)) this.component = null
    if (this.action !== (input.action ?? null)) this.action = null
    const v = this.variants.get(key)
    if (v) v.count++
    else if (this.variants.size < max) {
      this.variants.set(key, {
        ...(input.component !== undefined ? { component: input.component } : {}), ...(input.action !== undefined ? { action: input.action } : {}),
        ...(input.reason !== undefined ? { reason: input.reason } : {}), count: 1,
      })
    } else this.others++
  }

  /** The fold to send with `batch`, or undefined while the row's id is not known yet. */
  wire(batch: readonly unknown[]): WireFold | undefined {
    const ref = this.id !== undefined ? { id: this.id } : this.slot?.batch === batch ? { row: this.slot.index } : undefined
    if (!ref) return undefined
    const base = { ...ref, add: this.unsent, lastAt: this.lastAt }
    if (!this.variants) return base
    const folded: FoldedVariants = { variants: [...this.variants.values()], others: this.others }
    return { ...base, overflow: true, variants: JSON.stringify(folded), component: this.component, action: this.action }
  }
}

export const sumAdds = (folds: readonly WireFold[]) => folds.reduce((n, f) => n + f.add, 0)

/** An overflow row keeps a component / action only while every decision it counts shares it. */
export function sharedOnly<T extends { component?: string; action?: string }>(row: T, fold: WireFold | undefined): T {
  if (!fold?.overflow) return row
  const { component, action, ...rest } = row
  return { ...rest, ...(fold.component != null ? { component } : {}), ...(fold.action != null ? { action } : {}) } as T
}

/** A new row's fold fields as announced: what folded into it within its own batch. */
export function foldFields(fold: WireFold | undefined): { repeatCount: number; lastAt?: number; foldedVariants?: FoldedVariants } {
  if (!fold) return { repeatCount: 1 }
  return {
    repeatCount: 1 + fold.add, ...(fold.add > 0 ? { lastAt: fold.lastAt } : {}),
    ...(fold.variants !== undefined ? { foldedVariants: JSON.parse(fold.variants) as FoldedVariants } : {}),
  }
}

