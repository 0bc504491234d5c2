/** Runs rule tests against the auth engine and explains each failure with the full decision. */
import type { Decision } from '@/lib/auth'
import { ask, type EngineInputs, type Question } from './decide'
import type { RuleTest } from './rule-tests'
import { whyNotLoaded, type LoadProblem } from './unloaded-component'

export type RuleTestResult =
  | { readonly test: RuleTest; readonly status: 'pass'; readonly decision: Decision }
  | { readonly test: RuleTest; readonly status: 'fail'; readonly decision: Decision; readonly message: string }
  /** The test could not run (unknown persona or component, contextFor threw). */
  | { readonly test: RuleTest; readonly status: 'error'; readonly message: string }

export interface RuleTestSummary {
  readonly results: readonly RuleTestResult[]
  readonly passed: number
  readonly failed: number
  readonly errors: number
}

export interface RuleTestOptions {
  /** The version's load diagnostics: a component missing because of one is reported with it. */
  readonly loadErrors?: readonly LoadProblem[]
}

function question<P extends { readonly id: string }>(test: RuleTest, inputs: EngineInputs<P>, options: RuleTestOptions): Question | string {
  if (test.kind === 'room') return { kind: 'room', roomId: test.roomId ?? '' }
  const component = inputs.components.find((c) => c.name === test.component)
  if (component === undefined) return whyNotLoaded(test.component ?? '', options.loadErrors ?? [])
  if (test.kind === 'mount') return { kind: 'mount', component }
  return { kind: 'action', component, action: test.action ?? '', payload: test.payload }
}

function describeDecision(d: Decision): string {
  return d.verdict === 'allow' ? 'allow' : `deny: ${d.reason ?? '(no reason)'} (decided by ${d.decidedBy ?? 'unknown layer'})`
}

/** Why `decision` does not meet `test`, or undefined when it does. */
function mismatch(test: RuleTest, decision: Decision): string | undefined {
  if (decision.verdict !== test.expect) return `expected ${test.expect}, got ${describeDecision(decision)}`
  const wanted = test.reasonContains
  if (wanted !== undefined && !(decision.reason ?? '').includes(wanted)) {
    return `expected a reason containing '${wanted}', got '${decision.reason ?? ''}' (decided by ${decision.decidedBy ?? 'unknown layer'})`
  }
  return undefined
}

async function runOne<P extends { readonly id: string }>(test: RuleTest, inputs: EngineInputs<P>, options: RuleTestOptions): Promise<RuleTestResult> {
  const persona = inputs.personas.find((p) => p.id === test.persona)
  if (persona === undefined) return { test, status: 'error', message: `Unknown persona '${test.persona}'` }
  const q = question(test, inputs, options)
  if (typeof q === 'string') return { test, status: 'error', message: q }
  let decision: Decision
  try {
    decision = await ask(q, await inputs.contextFor(persona), inputs)
  } catch (e) {
    return { test, status: 'error', message: `Could not decide: ${e instanceof Error ? e.message : String(e)}` }
  }
  const message = mismatch(test, decision)
  return message === undefined ? { test, status: 'pass', decision } : { test, status: 'fail', decision, message }
}

/**
 * Runs every test in order (custom rules may await fixtures; order keeps traces readable).
 * @example const { failed, results } = await runRuleTests(tests, { components, providers, personas, contextFor })
 */
export async function runRuleTests<P extends { readonly id: string }>(
  tests: readonly RuleTest[], inputs: EngineInputs<P>, options: RuleTestOptions = {},
): Promise<RuleTestSummary> {
  const results: RuleTestResult[] = []
  for (const test of tests) results.push(await runOne(test, inputs, options))
  const count = (s: RuleTestResult['status']): number => results.filter((r) => r.status === s).length
  return { results, passed: count('pass'), failed: count('fail'), errors: count('error') }
}
