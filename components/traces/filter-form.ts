/**
 * The /traces filter (pure): one list of fields (FILTER_FIELDS) that the filter
 * bar renders and that maps form strings <-> the API query. Adding a filter is
 * one entry here plus its key in lib/api/decisions' decisionQuerySchema.
 */
import { DECISION_KINDS, decisionQuerySchema, type DecisionQueryInput } from '@/lib/api/decisions'
import { STUDIO_SOURCE } from '@/lib/live/proxy/upstreams'

/** Value lists the server offers for text filters (GET /api/decisions/facets). */
export type FacetName = 'components' | 'actions' | 'layers' | 'personas' | 'versions' | 'sources'

export type FilterControl =
  /** Fixed options, then one per value of `facet` (each labelled by `facetLabel`). */
  | { readonly type: 'select'; readonly options: readonly { readonly value: string; readonly label: string }[]; readonly facet?: FacetName; readonly facetLabel?: string }
  /** A checkbox: '1' when checked, '' when not. */
  | { readonly type: 'toggle'; readonly hint: string }
  | { readonly type: 'text'; readonly facet?: FacetName; readonly placeholder?: string; readonly wide?: true }
  /** A local date and time in the form; epoch ms in the query and the URL. */
  | { readonly type: 'datetime' }

export interface FilterField {
  readonly key: keyof DecisionQueryInput
  readonly label: string
  readonly control: FilterControl
}

const ANY = { value: '', label: 'Any' } as const

/** Every filter of the log, in the order the bar shows them. */
export const FILTER_FIELDS = [
  { key: 'verdict', label: 'Verdict', control: { type: 'select', options: [ANY, { value: 'deny', label: 'Denied' }, { value: 'allow', label: 'Allowed' }] } },
  { key: 'kind', label: 'Kind', control: { type: 'select', options: [ANY, ...DECISION_KINDS.map((k) => ({ value: k, label: k }))] } },
  { key: 'source', label: 'Source', control: { type: 'select', options: [ANY, { value: STUDIO_SOURCE, label: 'Studio server' }], facet: 'sources', facetLabel: 'Upstream' } },
  { key: 'component', label: 'Component', control: { type: 'text', facet: 'components', placeholder: 'AdminPanel' } },
  { key: 'action', label: 'Action', control: { type: 'text', facet: 'actions', placeholder: 'deleteUser' } },
  { key: 'decidedBy', label: 'Deciding layer', control: { type: 'text', facet: 'layers', placeholder: 'actionAuth.roles' } },
  { key: 'persona', label: 'Persona', control: { type: 'text', facet: 'personas', placeholder: 'free-user' } },
  { key: 'sessionId', label: 'Session id', control: { type: 'text', placeholder: 'u-free' } },
  { key: 'workspaceVersion', label: 'Workspace version', control: { type: 'text', facet: 'versions' } },
  { key: 'from', label: 'From', control: { type: 'datetime' } },
  { key: 'to', label: 'To', control: { type: 'datetime' } },
  { key: 'text', label: 'Search reasons', control: { type: 'text', placeholder: 'Insufficient roles', wide: true } },
  { key: 'mismatch', label: 'Mismatches only', control: { type: 'toggle', hint: "Observed decisions where the upstream's answer and the workspace's prediction disagree" } },
] as const satisfies readonly FilterField[]

/** The options of a select: its own, then the facet's values (and the current value when the facet does not list it, e.g. from a link). */
export function selectOptions(control: Extract<FilterControl, { type: 'select' }>, facetValues: readonly (string | number)[] | undefined, current: string): { value: string; label: string }[] {
  const out = control.options.map((o) => ({ value: o.value, label: o.label }))
  const seen = new Set(out.map((o) => o.value))
  const extra = [...(facetValues ?? []).map(String), ...(current === '' ? [] : [current])]
  for (const v of extra) {
    if (seen.has(v)) continue
    seen.add(v)
    out.push({ value: v, label: control.facetLabel ? `${control.facetLabel} ${v}` : v })
  }
  return out
}

export type FilterKey = (typeof FILTER_FIELDS)[number]['key']
export const FORM_KEYS: readonly FilterKey[] = FILTER_FIELDS.map((f) => f.key)
export type FilterForm = Record<FilterKey, string>

export const EMPTY_FORM: FilterForm = Object.fromEntries(FORM_KEYS.map((k) => [k, ''])) as FilterForm

const isDatetime = (key: FilterKey) => FILTER_FIELDS.some((f) => f.key === key && f.control.type === 'datetime')
const isToggle = (key: FilterKey) => FILTER_FIELDS.some((f) => f.key === key && f.control.type === 'toggle')

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

/** How many filters are set (for "Clear filters" and the empty state). */
export function activeFilterCount(form: FilterForm): number {
  return FORM_KEYS.filter((k) => form[k].trim() !== '').length
}

/** The form as an API query; an invalid field is left out of the query and reported by name. */
export function formToQuery(form: FilterForm): { query: DecisionQueryInput; error?: { field: string; message: string } } {
  const raw: Record<string, string> = Object.fromEntries(FORM_KEYS.map((k) => [k, isDatetime(k) ? fromLocalInput(form[k]) : form[k]]))
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
    if (isToggle(k)) form[k] = s === '1' || s === 'true' ? '1' : ''
    else form[k] = isDatetime(k) && /^\d+$/.test(s) ? toLocalInput(Number(s)) : s
  }
  return form
}
