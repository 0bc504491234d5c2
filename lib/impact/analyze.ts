import type { Clock, LiveAuthContext } from '../auth'
import { buildImpactReport, DEFAULT_MAX_FLIPS } from './report'
import { replayDecision } from './replay'
import type { DraftEngine, ImpactReport, LoggedDecision, ReplayResult } from './types'

export interface AnalyzeOptions {
  readonly clock?: Clock
  readonly maxFlips?: number
}

/**
 * Replays every logged decision in `entries` against `draft` (one at a time:
 * sandboxed rules share one engine) and reports the verdicts that flip.
 * @example
 * const report = await analyzeImpact(log.window({ last: 1000 }), loadedDraft)
 * report.widening // decisions that were denied and would now be allowed
 */
export async function analyzeImpact(entries: readonly LoggedDecision[], draft: DraftEngine, options: AnalyzeOptions = {}): Promise<ImpactReport> {
  const contexts = new Map<string, LiveAuthContext>()
  const results: ReplayResult[] = []
  const replayOptions = { contexts, ...(options.clock ? { clock: options.clock } : {}) }
  for (const entry of entries) results.push(await replayDecision(entry, draft, replayOptions))
  return buildImpactReport(results, options.maxFlips ?? DEFAULT_MAX_FLIPS)
}
