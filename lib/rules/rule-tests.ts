/**
 * Rule tests as a JSON document the caller stores with the workspace:
 * persona x component x (mount | action [+ payload] | room) -> allow/deny
 * [+ reason contains]. Parsing validates and reports every issue with its path.
 */
import { z } from 'zod'
import { RulesError } from './errors'

export const RULE_TESTS_FORMAT = 'live-auth-studio/rule-tests'
export const RULE_TESTS_VERSION = 1

const name = z.string().min(1).max(200)

const jsonValue: z.ZodType<unknown> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]))

export const ruleTestSchema = z.strictObject({
  id: name,
  persona: name,
  /** Required for mount and action; room joins are decided by the provider, not a component. */
  component: name.optional(),
  kind: z.enum(['mount', 'action', 'room']),
  action: name.optional(),
  payload: jsonValue.optional(),
  roomId: name.optional(),
  expect: z.enum(['allow', 'deny']),
  reasonContains: z.string().min(1).max(500).optional(),
}).superRefine((t, ctx) => {
  const need = (ok: boolean, path: string, message: string): void => {
    if (!ok) ctx.addIssue({ code: 'custom', path: [path], message })
  }
  need(t.kind === 'room' || t.component !== undefined, 'component', `a ${t.kind} test needs a component`)
  need((t.kind === 'action') === (t.action !== undefined), 'action', t.kind === 'action' ? 'an action test needs an action' : `a ${t.kind} test has no action`)
  need(t.kind === 'action' || t.payload === undefined, 'payload', 'only action tests carry a payload')
  need((t.kind === 'room') === (t.roomId !== undefined), 'roomId', t.kind === 'room' ? 'a room test needs a roomId' : `a ${t.kind} test has no roomId`)
  need(t.reasonContains === undefined || t.expect === 'deny', 'reasonContains', 'reasonContains only applies to expect: deny')
})

export type RuleTest = z.infer<typeof ruleTestSchema>

export const ruleTestsDocumentSchema = z.strictObject({
  format: z.literal(RULE_TESTS_FORMAT),
  version: z.literal(RULE_TESTS_VERSION),
  tests: z.array(ruleTestSchema).max(5000),
}).superRefine((doc, ctx) => {
  const seen = new Set<string>()
  doc.tests.forEach((t, i) => {
    if (seen.has(t.id)) ctx.addIssue({ code: 'custom', path: ['tests', i, 'id'], message: `duplicate test id '${t.id}'` })
    seen.add(t.id)
  })
})

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly string[] }

/** zod issues as `path: message` lines. */
export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(document)'}: ${i.message}`)
}

/** JSON.parse as a value; the engine's own message varies by browser, so it is not shown. */
export function parseJson(text: string): Parsed<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch {
    return { ok: false, issues: ['(document): not valid JSON'] }
  }
}

/**
 * Parses a stored rule-tests document.
 * @example parseRuleTests(text) // { ok: false, issues: ['tests.0.action: an action test needs an action'] }
 */
export function parseRuleTests(text: string): Parsed<RuleTest[]> {
  const raw = parseJson(text)
  if (!raw.ok) return raw
  const parsed = ruleTestsDocumentSchema.safeParse(raw.value)
  return parsed.success ? { ok: true, value: parsed.data.tests } : { ok: false, issues: formatIssues(parsed.error) }
}

/** Serializes tests as a stable, pretty document; invalid tests are a programming error. */
export function serializeRuleTests(tests: readonly RuleTest[]): string {
  const doc = { format: RULE_TESTS_FORMAT, version: RULE_TESTS_VERSION, tests }
  const checked = ruleTestsDocumentSchema.safeParse(doc)
  if (!checked.success) throw new RulesError('ERR_RULES_INVALID_INPUT', `Invalid rule tests: ${formatIssues(checked.error).join('; ')}`)
  return `${JSON.stringify(checked.data, null, 2)}\n`
}
