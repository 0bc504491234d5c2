/** Folds replay results into the impact report: flips, counts per target, missing claims. */
import type { ImpactFlip, ImpactReport, LoggedDecision, MissingClaim, ReplayResult, TargetCount } from './types'

export const DEFAULT_MAX_FLIPS = 500

/** 'Component.action' (or the component alone, e.g. for a mount). */
export function targetOf(entry: Pick<LoggedDecision, 'component' | 'action'>): string {
  const component = entry.component ?? ''
  if (entry.action === undefined || entry.action === '') return component
  return component === '' ? entry.action : `${component}.${entry.action}`
}

function toFlip(r: Extract<ReplayResult, { status: 'replayed' }>): ImpactFlip {
  const e = r.entry
  return {
    id: e.id, at: e.at, kind: e.kind, direction: r.flip ?? 'narrowing', from: e.verdict, to: r.decision.verdict,
    oldTrace: e.trace, newDecision: r.decision,
    ...(e.component !== undefined ? { component: e.component } : {}),
    ...(e.action !== undefined ? { action: e.action } : {}),
    ...(e.persona !== undefined ? { persona: e.persona } : {}),
    ...(e.sessionId !== undefined ? { sessionId: e.sessionId } : {}),
    ...(e.reason !== undefined ? { oldReason: e.reason } : {}),
    ...(r.decision.reason !== undefined ? { newReason: r.decision.reason } : {}),
  }
}

const countDesc = <T extends { count: number }>(a: T, b: T) => b.count - a.count

/** Builds the report; widenings are listed before narrowings, newest first within each. */
export function buildImpactReport(results: readonly ReplayResult[], maxFlips = DEFAULT_MAX_FLIPS): ImpactReport {
  const skipped = new Map<string, number>()
  const targets = new Map<string, { target: string; kind: string; replayed: number; widening: number; narrowing: number }>()
  const flips: ImpactFlip[] = []
  const missingClaims: MissingClaim[] = []
  const fields = new Map<string, number>()
  let replayed = 0
  for (const r of results) {
    if (r.status === 'not-replayable') {
      skipped.set(r.reason, (skipped.get(r.reason) ?? 0) + 1)
      continue
    }
    replayed++
    const target = targetOf(r.entry)
    const key = `${r.entry.kind}\u0000${target}`
    const t = targets.get(key) ?? { target, kind: r.entry.kind, replayed: 0, widening: 0, narrowing: 0 }
    t.replayed++
    if (r.flip) {
      t[r.flip]++
      flips.push(toFlip(r))
    }
    targets.set(key, t)
    if (r.missingClaims.length > 0) {
      missingClaims.push({ id: r.entry.id, at: r.entry.at, target, fields: r.missingClaims, ...(r.entry.persona !== undefined ? { persona: r.entry.persona } : {}) })
      for (const f of r.missingClaims) fields.set(f, (fields.get(f) ?? 0) + 1)
    }
  }
  flips.sort((a, b) => (a.direction === b.direction ? b.at - a.at || b.id - a.id : a.direction === 'widening' ? -1 : 1))
  const widening = flips.filter((f) => f.direction === 'widening').length
  const byTarget: TargetCount[] = [...targets.values()]
    .filter((t) => t.widening + t.narrowing > 0)
    .sort((a, b) => b.widening - a.widening || b.narrowing - a.narrowing || a.target.localeCompare(b.target))
  return {
    total: results.length,
    replayed,
    notReplayable: [...skipped].map(([reason, count]) => ({ reason, count })).sort(countDesc),
    widening,
    narrowing: flips.length - widening,
    flips: flips.slice(0, maxFlips),
    flipsTruncated: flips.length > maxFlips,
    byTarget,
    missingClaims: missingClaims.slice(-maxFlips).reverse(),
    missingFields: [...fields].map(([field, count]) => ({ field, count })).sort(countDesc),
  }
}
