/** Keep decisions younger than `maxDays` and/or only the newest `maxRows`; absent = unlimited. */
export interface RetentionPolicy {
  readonly maxDays?: number
  readonly maxRows?: number
}

/**
 * The retention in force when nobody has set one (no meta row): a week, and at most 200,000 rows
 * (with the logging budget's folding, a row can stand for many decisions). PUT
 * /api/decisions/retention changes or widens it (null clears a limit), DELETE goes back to it.
 */
export const DEFAULT_RETENTION: Required<RetentionPolicy> = { maxDays: 7, maxRows: 200_000 }

/** A policy and where it comes from: the default, or one set by a user. */
export type RetentionInForce = RetentionPolicy & { readonly source: 'default' | 'set' }

/** The meta key the policy is stored under (JSON). */
export const RETENTION_META_KEY = 'decisions.retention'

export const DAY_MS = 86_400_000

export const isPositiveNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0

/** Reads the policy JSON from the meta table; anything unreadable means "keep everything". */
export function parseRetentionPolicy(text: string | undefined): RetentionPolicy {
  if (text === undefined) return {}
  try {
    const raw = JSON.parse(text) as Record<string, unknown>
    return {
      ...(isPositiveNumber(raw.maxDays) ? { maxDays: raw.maxDays } : {}),
      ...(isPositiveNumber(raw.maxRows) ? { maxRows: Math.trunc(raw.maxRows) } : {}),
    }
  } catch {
    return {}
  }
}

/** The policy in force for the meta value `text` (undefined: nothing set, so the default). */
export function retentionInForce(text: string | undefined): RetentionInForce {
  return text === undefined ? { ...DEFAULT_RETENTION, source: 'default' } : { ...parseRetentionPolicy(text), source: 'set' }
}
