/**
 * Step-by-step comparison of a server's transcript with a golden one: a step
 * is identical when every connection received the same frames (normalized
 * text, order and batching included); its verdict is what the acting
 * connection was told (allowed, refused, or nothing).
 */
import type { Scenario, StepFrames } from './types'

export type Verdict = 'allow' | 'deny' | 'none'

export interface StepComparison {
  readonly scenario: string
  readonly index: number
  readonly step: unknown
  readonly identical: boolean
  readonly expected: StepFrames
  readonly actual: StepFrames
  readonly expectedVerdict: Verdict
  readonly actualVerdict: Verdict
}

function framesOf(text: string): Record<string, unknown>[] {
  try {
    const parsed: unknown = JSON.parse(text)
    return (Array.isArray(parsed) ? parsed : [parsed]).filter((f): f is Record<string, unknown> => typeof f === 'object' && f !== null)
  } catch {
    return []
  }
}

/** Refused when any answer says so (success:false, an ERROR); allowed when one says success; else nothing. */
export function verdictOf(frames: readonly string[] | undefined): Verdict {
  let verdict: Verdict = 'none'
  for (const f of (frames ?? []).flatMap(framesOf)) {
    if (f.type === 'ERROR' || f.success === false) return 'deny'
    if (f.success === true) verdict = 'allow'
  }
  return verdict
}

const same = (a: StepFrames, b: StepFrames) => {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  for (const k of keys) if (JSON.stringify(a[k] ?? []) !== JSON.stringify(b[k] ?? [])) return false
  return true
}

export function compareScenario(scenario: Scenario, expected: readonly StepFrames[], actual: readonly StepFrames[]): StepComparison[] {
  return scenario.steps.map((step, index) => {
    const e = expected[index] ?? {}
    const a = actual[index] ?? {}
    return {
      scenario: scenario.id, index, step, identical: same(e, a), expected: e, actual: a,
      expectedVerdict: verdictOf(e[step.conn]), actualVerdict: verdictOf(a[step.conn]),
    }
  })
}

export interface Summary {
  readonly steps: number
  readonly identical: number
  readonly verdictsCompared: number
  readonly verdictsAgreeing: number
  readonly differences: readonly StepComparison[]
}

export function summarize(results: readonly StepComparison[]): Summary {
  const decided = results.filter((r) => r.expectedVerdict !== 'none' || r.actualVerdict !== 'none')
  return {
    steps: results.length,
    identical: results.filter((r) => r.identical).length,
    verdictsCompared: decided.length,
    verdictsAgreeing: decided.filter((r) => r.expectedVerdict === r.actualVerdict).length,
    differences: results.filter((r) => !r.identical),
  }
}

/** A readable account of one difference, for failure messages and the report. */
export function describeDifference(r: StepComparison): string {
  const lines = [`${r.scenario} step ${r.index}: ${JSON.stringify(r.step).slice(0, 300)}`]
  for (const conn of new Set([...Object.keys(r.expected), ...Object.keys(r.actual)])) {
    lines.push(`  ${conn} expected: ${JSON.stringify(r.expected[conn] ?? [])}`)
    lines.push(`  ${conn} actual:   ${JSON.stringify(r.actual[conn] ?? [])}`)
  }
  return lines.join('\n')
}
