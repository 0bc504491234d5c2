/** The /traces filter as form strings <-> the API query (pure). */
import { decisionQuerySchema, type DecisionQueryInput } from '@/lib/api/decisions'

export const FORM_KEYS = ['verdict', 'kind', 'decidedBy', 'component', 'action', 'persona', 'sessionId', 'workspaceVersion', 'from', 'to', 'text'] as const
export type FilterForm = Record<(typeof FORM_KEYS)[number], string>

export const EMPTY_FORM: FilterForm = Object.fromEntries(FORM_KEYS.map((k) => [k, ''])) as FilterForm

const pad = (n: number) => String(n).padStart(2, '0')
/** Epoch ms -> a datetime-local value in local time. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

const fromLocalInput = (v: string): string => {
  if (v === '') return ''
  const ms = new Date(v).getTime()
  return Number.isFinite(ms) ? String(ms) : ''
}

/** The form as an API query; an invalid field is left out of the query and reported by name. */
export function formToQuery(form: FilterForm): { query: DecisionQueryInput; error?: { field: string; message: string } } {
  const raw: Record<string, string> = { ...form, from: fromLocalInput(form.from), to: fromLocalInput(form.to) }
  const parsed = decisionQuerySchema.safeParse(raw)
  if (parsed.success) return { query: parsed.data }
  const issue = parsed.error.issues[0]
  const field = String(issue?.path[0] ?? '')
  const rest = decisionQuerySchema.safeParse({ ...raw, [field]: '' })
  return { query: rest.success ? rest.data : {}, error: { field, message: issue?.message ?? 'Invalid filter' } }
}

/** Initial form from URL search params (as the page receives them). */
export function formFromSearch(params: Readonly<Record<string, string | string[] | undefined>>): FilterForm {
  const form = { ...EMPTY_FORM }
  for (const k of FORM_KEYS) {
    const v = params[k]
    const s = Array.isArray(v) ? v[0] : v
    if (s === undefined) continue
    form[k] = (k === 'from' || k === 'to') && /^\d+$/.test(s) ? toLocalInput(Number(s)) : s
  }
  return form
}
