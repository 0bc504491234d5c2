/**
 * The decision matrix: rows = personas, columns = each component's mount and
 * each of its public actions (called without payload, as if already mounted),
 * and the cells that flip between two matrices.
 */
import type { Decision, Verdict } from '@/lib/auth'
import { ask, type EngineInputs } from './decide'

export interface MatrixColumn {
  /** Stable key, e.g. 'AdminPanel#mount' or 'ModerationPanel.banUser'. */
  readonly key: string
  readonly component: string
  readonly kind: 'mount' | 'action'
  readonly action?: string
}

export interface MatrixCell {
  readonly verdict: Verdict
  readonly decidedBy?: string
  readonly reason?: string
  readonly decision: Decision
}

export interface DecisionMatrix {
  readonly personas: readonly string[]
  readonly columns: readonly MatrixColumn[]
  /** cells[row][column], rows in `personas` order. */
  readonly cells: readonly (readonly MatrixCell[])[]
}

/** Columns for a component list, in component then action order. */
export function matrixColumns(components: EngineInputs<{ id: string }>['components']): MatrixColumn[] {
  return components.flatMap((c) => [
    { key: `${c.name}#mount`, component: c.name, kind: 'mount' as const },
    ...(c.publicActions ?? []).map((action) => ({ key: `${c.name}.${action}`, component: c.name, kind: 'action' as const, action })),
  ])
}

function cellOf(decision: Decision): MatrixCell {
  return {
    verdict: decision.verdict, decision,
    ...(decision.decidedBy === undefined ? {} : { decidedBy: decision.decidedBy }),
    ...(decision.reason === undefined ? {} : { reason: decision.reason }),
  }
}

/**
 * Decides every persona x column cell.
 * @example const m = await buildMatrix({ components, providers, personas, contextFor })
 */
export async function buildMatrix<P extends { readonly id: string }>(inputs: EngineInputs<P>): Promise<DecisionMatrix> {
  const columns = matrixColumns(inputs.components)
  const byName = new Map(inputs.components.map((c) => [c.name, c]))
  const cells: MatrixCell[][] = []
  for (const persona of inputs.personas) {
    const auth = await inputs.contextFor(persona)
    const row: MatrixCell[] = []
    for (const col of columns) {
      const component = byName.get(col.component)
      if (component === undefined) continue
      const q = col.kind === 'mount' ? { kind: 'mount' as const, component } : { kind: 'action' as const, component, action: col.action ?? '' }
      row.push(cellOf(await ask(q, auth, inputs)))
    }
    cells.push(row)
  }
  return { personas: inputs.personas.map((p) => p.id), columns, cells }
}

export interface MatrixFlip {
  readonly persona: string
  readonly column: MatrixColumn
  readonly before: MatrixCell
  readonly after: MatrixCell
  /** deny -> allow widens access; allow -> deny narrows it. */
  readonly change: 'widened' | 'narrowed'
}

/** Cells whose verdict differs between two matrices (matched by persona id and column key). */
export function diffMatrices(before: DecisionMatrix, after: DecisionMatrix): MatrixFlip[] {
  const flips: MatrixFlip[] = []
  after.personas.forEach((persona, row) => {
    const oldRow = before.personas.indexOf(persona)
    if (oldRow === -1) return
    after.columns.forEach((column, col) => {
      const oldCol = before.columns.findIndex((c) => c.key === column.key)
      const was = oldCol === -1 ? undefined : before.cells[oldRow]?.[oldCol]
      const now = after.cells[row]?.[col]
      if (was === undefined || now === undefined || was.verdict === now.verdict) return
      flips.push({ persona, column, before: was, after: now, change: now.verdict === 'allow' ? 'widened' : 'narrowed' })
    })
  })
  return flips
}
