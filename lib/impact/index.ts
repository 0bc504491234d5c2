/** Impact analysis: replay logged decisions against a draft and report verdict flips (pure). */
export type * from './types'
export { analyzeImpact, type AnalyzeOptions } from './analyze'
export { replayDecision, classifyFlip, missingClaimsOf, readSnapshot, NOT_REPLAYABLE, type ReplayOptions } from './replay'
export { buildImpactReport, targetOf, DEFAULT_MAX_FLIPS } from './report'
