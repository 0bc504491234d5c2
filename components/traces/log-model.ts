/**
 * Pure helpers of the /traces page: live-row merging, secret masking, links
 * to the live tester and rule tests built from a logged decision. No React.
 */
import type { DecisionSummaryView } from '@/lib/api/decisions'
import { plural, withArticle } from '@/lib/utils'

/** Rows kept in memory at most (older ones are re-fetched by paging). */
export const MAX_ROWS_IN_MEMORY = 100_000

/** Prepends live rows (newest first), skipping ids already shown. */
export function mergeLive(rows: readonly DecisionSummaryView[], incoming: readonly DecisionSummaryView[]): DecisionSummaryView[] {
  if (incoming.length === 0) return [...rows]
  const seen = new Set(rows.map((r) => r.id))
  const fresh = incoming.filter((r) => !seen.has(r.id)).sort((a, b) => b.at - a.at || b.id - a.id)
  return [...fresh, ...rows].slice(0, MAX_ROWS_IN_MEMORY)
}

/**
 * A written record (the inspector stream's shape) as a list row: an overflow row's
 * variants become the list's `overflow` flag, and `mismatch: false` (an observed
 * decision the workspace predicts alike) is no flag at all.
 */
export function summaryOfWritten(raw: unknown): unknown {
  if (raw === null || typeof raw !== 'object') return raw
  const { mismatch, ...rest } = raw as Record<string, unknown>
  return { ...rest, ...('foldedVariants' in rest ? { overflow: true } : {}), ...(mismatch === true ? { mismatch: true } : {}) }
}

/** Appends an older page, skipping duplicates. */
export function appendPage(rows: readonly DecisionSummaryView[], page: readonly DecisionSummaryView[]): DecisionSummaryView[] {
  const seen = new Set(rows.map((r) => r.id))
  return [...rows, ...page.filter((r) => !seen.has(r.id))].slice(0, MAX_ROWS_IN_MEMORY)
}

const SECRET_KEY = /token|secret|password|jwt|authorization|api[-_]?key/i

/** A deep copy with every token-like value replaced (snapshots never hold one; this is a second guard). */
export function maskSecrets(value: unknown, depth = 0): unknown {
  if (depth > 20 || value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v, depth + 1))
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) =>
    [k, SECRET_KEY.test(k) && v !== null && v !== undefined && v !== '' ? '•••• (masked)' : maskSecrets(v, depth + 1)]))
}

export interface LoggedTarget {
  readonly id: number
  readonly kind: string
  readonly verdict: 'allow' | 'deny'
  readonly component?: string
  readonly action?: string
  readonly persona?: string
  readonly reason?: string
  readonly payloadJson: string | null
  readonly payloadTruncated: boolean
}

/** /live prefilled with the component, action and payload of a decision. */
export function liveTesterHref(d: LoggedTarget): string {
  const params = new URLSearchParams()
  if (d.component) params.set('component', d.component)
  if (d.kind === 'action' && d.action) params.set('action', d.action)
  if (d.persona) params.set('persona', d.persona)
  if (d.payloadJson !== null && !d.payloadTruncated && d.payloadJson.length <= 2000) params.set('payload', d.payloadJson)
  const query = params.toString()
  return query ? `/live?${query}` : '/live'
}

/** A rule test (lib/rules/rule-tests format) that pins this decision's verdict; undefined when the kind has no test form. */
export function ruleTestFrom(d: LoggedTarget): Record<string, unknown> | undefined {
  const persona = d.persona ?? 'anonymous'
  const base = { id: `log-${d.id}`, persona, expect: d.verdict }
  const reason = d.verdict === 'deny' && d.reason ? { reasonContains: d.reason.slice(0, 500) } : {}
  if (d.kind === 'mount' && d.component) return { ...base, kind: 'mount', component: d.component, ...reason }
  if (d.kind === 'room' && d.action?.startsWith('room:')) return { ...base, kind: 'room', roomId: d.action.slice(5), ...reason }
  if (d.kind === 'action' && d.component && d.action) {
    let payload: unknown
    try {
      payload = d.payloadJson !== null && !d.payloadTruncated ? (JSON.parse(d.payloadJson) as unknown) : undefined
    } catch {
      payload = undefined
    }
    return { ...base, kind: 'action', component: d.component, action: d.action, ...(payload !== undefined ? { payload } : {}), ...reason }
  }
  return undefined
}

/** Why a decision of this kind cannot become a rule test (see ruleTestFrom): "An auth decision has no rule-test form...". */
export function noRuleTestReason(kind: string): string {
  const subject = withArticle(kind)
  return `${subject.charAt(0).toUpperCase()}${subject.slice(1)} decision has no rule-test form (tests cover mount, action and room).`
}

/** Why a decision by a session that matches no persona cannot become a rule test (tests name a persona). */
export function noPersonaReason(sessionId: string): string {
  return `The caller (session ${sessionId}) matches no persona; save its claims as a persona on /tokens first.`
}

/** The fold of a row: "and 4,812 more like this", "37 decisions over budget" (an overflow row), or undefined. */
export function foldLabel(row: { readonly repeatCount: number; readonly overflow?: true }): string | undefined {
  if (row.overflow) return `${plural(row.repeatCount, 'decision')} over budget`
  return row.repeatCount > 1 ? `and ${(row.repeatCount - 1).toLocaleString('en-US')} more like this` : undefined
}

/** "Keep 7 days and at most 200,000 rows (the default)": the retention in force, in words. */
export function retentionText(v: { readonly maxDays?: number; readonly maxRows?: number; readonly source: 'default' | 'set' }): string {
  const days = v.maxDays !== undefined ? plural(v.maxDays, 'day') : undefined
  const rows = v.maxRows !== undefined ? `at most ${plural(v.maxRows, 'row')}` : undefined
  const what = days && rows ? `Keep ${days} and ${rows}` : days ? `Keep ${days}, any number of rows` : rows ? `Keep ${rows}, however old` : 'Keep everything'
  return `${what} (${v.source === 'default' ? 'the default' : 'set on the Traces page'}).`
}

/** '12:04:05.120' in local time. */
export function clockTime(at: number): string {
  const d = new Date(at)
  const pad = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`
}
