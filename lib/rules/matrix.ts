/**
 * The decision matrix: rows = personas, columns = each component's mount and
 * each of its public actions. An action is decided as if the component were
 * mounted, with the column's payload (none unless one is given); when the
 * persona cannot mount the component the cell is also marked unreachable, so a
 * verdict the persona can never meet is not read as access.
 */
import type { Decision, JsonValue, Verdict } from '@/lib/auth'
import { ask, type EngineInputs } from './decide'
import { probeUndefinedAllow, type UndefinedAllow } from './undefined-allow'

export interface MatrixColumn {
  /** Stable key, e.g. 'AdminPanel#mount' or 'ModerationPanel.banUser'. */
  readonly key: string
  readonly component: string
  readonly kind: 'mount' | 'action'
  readonly action?: string
  /** Action columns: the payload every cell of the column was decided with (absent: called without one). */
  readonly payload?: JsonValue
}

/** Why an action cell can never be reached: the persona's mount of the component is denied. */
export interface MountBlock {
  readonly decidedBy?: string
  readonly reason?: string
}

export interface MatrixCell {
  /** The engine's verdict (for an action: as if the component were mounted). */
  readonly verdict: Verdict
  readonly decidedBy?: string
  readonly reason?: string
  readonly decision: Decision
  /** Action cells only: set when this persona cannot mount the component, so it can never call the action. */
  readonly unreachable?: MountBlock
  /** Set on an allow that holds only while payload fields the rule read are undefined (see undefined-allow.ts). */
  readonly undefinedAllow?: UndefinedAllow
}

/** What a cell means for access: allowed, denied, or never reachable (the mount is denied). */
export type CellStatus = 'allow' | 'deny' | 'unreachable'

export function cellStatus(cell: Pick<MatrixCell, 'verdict' | 'unreachable'>): CellStatus {
  return cell.unreachable !== undefined ? 'unreachable' : cell.verdict
}

export interface DecisionMatrix {
  readonly personas: readonly string[]
  readonly columns: readonly MatrixColumn[]
  /** cells[row][column], rows in `personas` order. */
  readonly cells: readonly (readonly MatrixCell[])[]
}

export interface MatrixOptions {
  /** Payload per action column key ('ModerationPanel.banUser'); columns without one are called without a payload. */
  readonly payloads?: Readonly<Record<string, JsonValue>>
}

/** Columns for a component list, in component then action order, with the payloads given for action columns. */
export function matrixColumns(components: EngineInputs<{ id: string }>['components'], payloads: MatrixOptions['payloads'] = {}): MatrixColumn[] {
  return components.flatMap((c) => [
    { key: `${c.name}#mount`, component: c.name, kind: 'mount' as const },
    ...(c.publicActions ?? []).map((action) => {
      const key = `${c.name}.${action}`
      const payload = Object.hasOwn(payloads, key) ? payloads[key] : undefined
      return { key, component: c.name, kind: 'action' as const, action, ...(payload === undefined ? {} : { payload }) }
    }),
  ])
}

function cellOf(decision: Decision, extra: Pick<MatrixCell, 'unreachable' | 'undefinedAllow'>): MatrixCell {
  return {
    verdict: decision.verdict, decision,
    ...(decision.decidedBy === undefined ? {} : { decidedBy: decision.decidedBy }),
    ...(decision.reason === undefined ? {} : { reason: decision.reason }),
    ...(extra.unreachable === undefined ? {} : { unreachable: extra.unreachable }),
    ...(extra.undefinedAllow === undefined ? {} : { undefinedAllow: extra.undefinedAllow }),
  }
}

/** The denied mount behind an unreachable action cell. */
export function mountBlockOf(mount: Decision): MountBlock {
  return { ...(mount.decidedBy === undefined ? {} : { decidedBy: mount.decidedBy }), ...(mount.reason === undefined ? {} : { reason: mount.reason }) }
}

/**
 * Decides every persona x column cell.
 * @example const m = await buildMatrix({ components, providers, personas, contextFor }, { payloads: { 'LiveAdminPanel.delete': { targetUserId: 'u-admin' } } })
 */
export async function buildMatrix<P extends { readonly id: string }>(inputs: EngineInputs<P>, options: MatrixOptions = {}): Promise<DecisionMatrix> {
  const columns = matrixColumns(inputs.components, options.payloads)
  const byName = new Map(inputs.components.map((c) => [c.name, c]))
  const cells: MatrixCell[][] = []
  for (const persona of inputs.personas) {
    const auth = await inputs.contextFor(persona)
    const mounts = new Map<string, Decision>()
    const row: MatrixCell[] = []
    for (const col of columns) {
      const component = byName.get(col.component)
      if (component === undefined) continue
      if (col.kind === 'mount') {
        const decision = await ask({ kind: 'mount', component }, auth, inputs)
        mounts.set(col.component, decision)
        row.push(cellOf(decision, {}))
        continue
      }
      const question = { kind: 'action' as const, component, action: col.action ?? '', payload: col.payload }
      const decision = await ask(question, auth, inputs)
      const mount = mounts.get(col.component)
      row.push(cellOf(decision, {
        ...(mount !== undefined && mount.verdict === 'deny' ? { unreachable: mountBlockOf(mount) } : {}),
        undefinedAllow: await probeUndefinedAllow(question, auth, decision, inputs),
      }))
    }
    cells.push(row)
  }
  return { personas: inputs.personas.map((p) => p.id), columns, cells }
}
