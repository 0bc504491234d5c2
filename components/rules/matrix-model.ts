/**
 * View helpers for the decision matrix: what a cell means (allow, deny or
 * unreachable, and whether an allow rests on undefined values), its label,
 * the summary of what changed since the previous version, and the payload
 * fields a column's rule reads. Pure: no React.
 */
import type { MatrixCellView, MatrixColumnView, MatrixResponse } from '@/lib/api/workspace'

export type Flip = MatrixResponse['flips'][number]
export type CellStatus = Flip['after']

export const cellKey = (persona: string, column: string) => `${persona}|${column}`

/** persona|columnKey -> flip. */
export function flipIndex(flips: readonly Flip[]): Map<string, Flip> {
  return new Map(flips.map((f) => [cellKey(f.persona, f.key), f]))
}

/** Access as the matrix shows it: an action whose mount is denied is unreachable, whatever the engine's verdict. */
export function statusOf(cell: Pick<MatrixCellView, 'verdict' | 'unreachable'>): CellStatus {
  return cell.unreachable !== undefined ? 'unreachable' : cell.verdict
}

/** The cell's symbol; the words are in its label. */
export const STATUS_SYMBOL: Readonly<Record<CellStatus, string>> = { allow: '✓', deny: '✕', unreachable: '⊘' }

export const STATUS_WORD: Readonly<Record<CellStatus, string>> = { allow: 'allowed', deny: 'denied', unreachable: 'unreachable' }

/** 'mount LiveAdminPanel' or 'LiveAdminPanel.delete'. */
export function targetOf(column: Pick<MatrixColumnView, 'kind' | 'component' | 'action'>): string {
  return column.kind === 'mount' ? `mount ${column.component}` : `${column.component}.${column.action ?? ''}`
}

/** 'targetUserId' / 'targetUserId and ownerId' / 'a, b and c'. */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`
}

/**
 * Why an allow is suspect, e.g. 'passes only because payload.targetUserId and session.id are both undefined (no session: anonymous)'.
 */
export function undefinedAllowText(flag: NonNullable<MatrixCellView['undefinedAllow']>): string {
  const names = [...flag.payloadFields.map((f) => `payload.${f}`), ...flag.sessionFields.map((f) => `session.${f}`)]
  const are = names.length === 1 ? 'is undefined' : names.length === 2 ? 'are both undefined' : 'are all undefined'
  return `passes only because ${listText(names)} ${are}${flag.anonymous ? ' (no session: anonymous)' : ''}`
}

/**
 * The cell's accessible name and hover text: persona, target, status, deciding layer and reason;
 * for an unreachable action, the mount denial first and then what the engine decides once mounted.
 * @example cellLabel('Anonymous', deleteColumn, cell) // 'Anonymous · LiveAdminPanel.delete → UNREACHABLE: cannot mount ...'
 */
export function cellLabel(persona: string, column: MatrixColumnView, cell: MatrixCellView, flip?: Flip): string {
  const status = statusOf(cell)
  const by = (layer?: string, reason?: string) => `${layer ? ` by ${layer}` : ''}${reason ? `: ${reason}` : ''}`
  const verdict = `${cell.verdict.toUpperCase()}${by(cell.decidedBy, cell.reason)}`
  const head = `${persona} · ${targetOf(column)} → `
  const main = status === 'unreachable'
    ? `UNREACHABLE: cannot mount ${column.component}${by(cell.unreachable?.decidedBy, cell.unreachable?.reason)}; once mounted it would be ${verdict}`
    : verdict
  const flag = cell.undefinedAllow ? `. Suspect allow: ${undefinedAllowText(cell.undefinedAllow)}` : ''
  const flipped = flip ? ` (was ${STATUS_WORD[flip.before]} in the previous version)` : ''
  return `${head}${main}${flag}${flipped}`
}

/** Consecutive columns of one component, for the header's group row. */
export function columnGroups(columns: readonly MatrixColumnView[]): { component: string; span: number }[] {
  const groups: { component: string; span: number }[] = []
  for (const c of columns) {
    const last = groups[groups.length - 1]
    if (last && last.component === c.component) last.span++
    else groups.push({ component: c.component, span: 1 })
  }
  return groups
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

/**
 * What changed since the previous version, in words: flipped cells (widened / narrowed; a cell that
 * becomes unreachable is narrowed) and components and actions that appeared or disappeared.
 */
export function changeSummary(m: Pick<MatrixResponse, 'previousVersion' | 'flips' | 'changes'>): string | undefined {
  if (m.previousVersion === null) return undefined
  const widened = m.flips.filter((f) => f.change === 'widened').length
  const narrowed = m.flips.length - widened
  const split = m.flips.length === 0 ? '' : ` (${[widened > 0 && `${widened} widened`, narrowed > 0 && `${narrowed} narrowed`].filter(Boolean).join(', ')})`
  const parts = [`${plural(m.flips.length, 'cell')} flipped${split}`]
  const c = m.changes
  if (c) {
    const names = (list: readonly string[]) => (list.length <= 3 ? listText(list) : `${list.slice(0, 3).join(', ')} and ${list.length - 3} more`)
    if (c.addedComponents.length > 0) parts.push(`${plural(c.addedComponents.length, 'component')} added (${names(c.addedComponents)})`)
    if (c.removedComponents.length > 0) parts.push(`${plural(c.removedComponents.length, 'component')} removed (${names(c.removedComponents)})`)
    if (c.addedActions.length > 0) parts.push(`${plural(c.addedActions.length, 'action')} added (${names(c.addedActions)})`)
    if (c.removedActions.length > 0) parts.push(`${plural(c.removedActions.length, 'action')} removed (${names(c.removedActions)})`)
  }
  return `${parts.join(', ')} since version ${m.previousVersion}`
}

/** How many cells of each status, and how many allows rest on undefined values. */
export function tally(m: Pick<MatrixResponse, 'cells'>): Record<CellStatus, number> & { suspect: number } {
  const out = { allow: 0, deny: 0, unreachable: 0, suspect: 0 }
  for (const row of m.cells) {
    for (const cell of row) {
      out[statusOf(cell)]++
      if (cell.undefinedAllow) out.suspect++
    }
  }
  return out
}

/** Payload fields the column's rule is known to read: from its traces and from the undefined-allow probes. */
export function fieldsReadIn(m: Pick<MatrixResponse, 'cells'>, col: number): string[] {
  const fields = new Set<string>()
  for (const row of m.cells) {
    const cell = row[col]
    if (!cell) continue
    for (const f of cell.undefinedAllow?.payloadFields ?? []) fields.add(f)
    for (const step of cell.decision.trace) {
      const read = step.inputs['payloadFieldsRead']
      if (Array.isArray(read)) for (const f of read) if (typeof f === 'string') fields.add(f)
    }
  }
  return [...fields]
}

/** A starting payload naming each field (values to fill in), merged into what is there. */
export function payloadTemplate(fields: readonly string[], current: unknown): Record<string, unknown> {
  const base = typeof current === 'object' && current !== null && !Array.isArray(current) ? (current as Record<string, unknown>) : {}
  return { ...Object.fromEntries(fields.map((f) => [f, ''])), ...base }
}
