/**
 * What changed between two decision matrices: cells whose access flipped, and
 * the components and actions that appeared or disappeared (a save that removes
 * three components flips no cell, but it changes what can be called).
 */
import { cellStatus, type CellStatus, type DecisionMatrix, type MatrixCell, type MatrixColumn } from './matrix'

export interface MatrixFlip {
  readonly persona: string
  readonly column: MatrixColumn
  readonly before: MatrixCell
  readonly after: MatrixCell
  /** Access gained (deny or unreachable -> allow) or lost (allow -> deny or unreachable). */
  readonly change: 'widened' | 'narrowed'
}

export interface MatrixDelta {
  readonly flips: readonly MatrixFlip[]
  /** Components only in the newer matrix, and only in the older one. */
  readonly addedComponents: readonly string[]
  readonly removedComponents: readonly string[]
  /** Action columns ('Component.action') of components on both sides, only in the newer or only in the older matrix. */
  readonly addedActions: readonly string[]
  readonly removedActions: readonly string[]
}

const granted = (status: CellStatus): boolean => status === 'allow'

/**
 * Cells whose access differs between two matrices (matched by persona id and
 * column key). Only access counts: deny <-> unreachable is no flip, nor is a
 * verdict change behind a mount that stays denied.
 */
export function diffMatrices(before: DecisionMatrix, after: DecisionMatrix): MatrixFlip[] {
  const flips: MatrixFlip[] = []
  const oldColumns = new Map(before.columns.map((c, i) => [c.key, i]))
  after.personas.forEach((persona, row) => {
    const oldRow = before.personas.indexOf(persona)
    if (oldRow === -1) return
    after.columns.forEach((column, col) => {
      const oldCol = oldColumns.get(column.key)
      const was = oldCol === undefined ? undefined : before.cells[oldRow]?.[oldCol]
      const now = after.cells[row]?.[col]
      if (was === undefined || now === undefined) return
      const gained = granted(cellStatus(now))
      if (granted(cellStatus(was)) === gained) return
      flips.push({ persona, column, before: was, after: now, change: gained ? 'widened' : 'narrowed' })
    })
  })
  return flips
}

const componentsOf = (m: DecisionMatrix): Set<string> => new Set(m.columns.map((c) => c.component))
const actionsOf = (m: DecisionMatrix): MatrixColumn[] => m.columns.filter((c) => c.kind === 'action')

/**
 * Flips plus the components and actions that appeared or disappeared.
 * @example matrixDelta(v4, v5) // { flips: [], removedComponents: ['LiveChat', ...], ... }
 */
export function matrixDelta(before: DecisionMatrix, after: DecisionMatrix): MatrixDelta {
  const was = componentsOf(before)
  const now = componentsOf(after)
  const oldActions = new Set(actionsOf(before).map((c) => c.key))
  const newActions = new Set(actionsOf(after).map((c) => c.key))
  return {
    flips: diffMatrices(before, after),
    addedComponents: [...now].filter((c) => !was.has(c)),
    removedComponents: [...was].filter((c) => !now.has(c)),
    addedActions: actionsOf(after).filter((c) => was.has(c.component) && !oldActions.has(c.key)).map((c) => c.key),
    removedActions: actionsOf(before).filter((c) => now.has(c.component) && !newActions.has(c.key)).map((c) => c.key),
  }
}
