/** View helpers for the decision matrix: flips lookup, hover text, column groups. */
import type { MatrixCellView, MatrixColumnView, MatrixResponse } from '@/lib/api/workspace'

export type Flip = MatrixResponse['flips'][number]

export const cellKey = (persona: string, column: string) => `${persona}|${column}`

/** persona|columnKey -> flip. */
export function flipIndex(flips: readonly Flip[]): Map<string, Flip> {
  return new Map(flips.map((f) => [cellKey(f.persona, f.key), f]))
}

/** Hover text: verdict, deciding layer and reason, and the flip when there is one. */
export function cellTitle(persona: string, column: MatrixColumnView, cell: MatrixCellView, flip?: Flip): string {
  const target = column.kind === 'mount' ? `mount ${column.component}` : `${column.component}.${column.action ?? ''}`
  const layer = cell.decidedBy ? ` by ${cell.decidedBy}` : ''
  const reason = cell.reason ? `: ${cell.reason}` : ''
  const flipped = flip ? ` (was ${flip.before} in the previous version)` : ''
  return `${persona} · ${target} → ${cell.verdict.toUpperCase()}${layer}${reason}${flipped}`
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
