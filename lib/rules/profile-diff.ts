/**
 * What switching the ordering profile changes for a workspace: every persona x
 * (mount | action) decided under both profiles, and the decisions whose verdict,
 * deciding layer or reason differ. Besides the matrix's public actions, actions
 * that have an `actionAuth` entry without being in `publicActions` are asked
 * too: that is exactly where the two orders part (the documented order stops
 * at the whitelist, the library runs the entry first).
 */
import type { ComponentSpec, Decision, JsonValue, ProfileId, Verdict } from '@/lib/auth'
import { ask, type EngineInputs } from './decide'
import { matrixColumns, mountBlockOf, type MatrixColumn, type MatrixOptions, type MountBlock } from './matrix'

export interface ProfileOutcome {
  readonly verdict: Verdict
  readonly decidedBy?: string
  readonly reason?: string
}

export interface ProfileChange {
  readonly persona: string
  readonly component: string
  readonly kind: 'mount' | 'action'
  readonly action?: string
  /** False for an action with an actionAuth entry that is not in publicActions. */
  readonly listed: boolean
  readonly before: ProfileOutcome
  readonly after: ProfileOutcome
  /** Set when the persona cannot mount the component: the change only shows if that changes too. */
  readonly unreachable?: MountBlock
}

export interface ProfileComparison {
  readonly from: ProfileId
  readonly to: ProfileId
  /** How many persona x (mount | action) decisions were compared. */
  readonly compared: number
  readonly changes: readonly ProfileChange[]
}

interface Target {
  readonly column: MatrixColumn
  readonly listed: boolean
}

/** The matrix columns plus each unlisted action that has an actionAuth entry (with its payload, if one is given). */
function targetsOf(components: readonly ComponentSpec[], payloads: MatrixOptions['payloads'] = {}): Target[] {
  const listed = matrixColumns(components, payloads)
  return components.flatMap((c) => {
    const own = listed.filter((col) => col.component === c.name).map((column) => ({ column, listed: true }))
    const unlisted = Object.keys(c.actionAuth ?? {})
      .filter((action) => !(c.publicActions ?? []).includes(action))
      .map((action) => {
        const key = `${c.name}.${action}`
        const payload: JsonValue | undefined = Object.hasOwn(payloads, key) ? payloads[key] : undefined
        return { column: { key, component: c.name, kind: 'action' as const, action, ...(payload === undefined ? {} : { payload }) }, listed: false }
      })
    return [...own, ...unlisted]
  })
}

function outcomeOf(d: Decision): ProfileOutcome {
  return { verdict: d.verdict, ...(d.decidedBy === undefined ? {} : { decidedBy: d.decidedBy }), ...(d.reason === undefined ? {} : { reason: d.reason }) }
}

const same = (a: ProfileOutcome, b: ProfileOutcome): boolean => a.verdict === b.verdict && a.decidedBy === b.decidedBy && a.reason === b.reason

/**
 * Decides every target under `from` and `to` and lists the decisions that differ.
 * @example await compareProfiles(inputs, 'documented', 'fluxstack-live@0.11') // { compared: 98, changes: [...] }
 */
export async function compareProfiles<P extends { readonly id: string }>(
  inputs: EngineInputs<P>, from: ProfileId, to: ProfileId, options: MatrixOptions = {},
): Promise<ProfileComparison> {
  const targets = targetsOf(inputs.components, options.payloads)
  const byName = new Map(inputs.components.map((c) => [c.name, c]))
  const changes: ProfileChange[] = []
  let compared = 0
  for (const persona of inputs.personas) {
    const auth = await inputs.contextFor(persona)
    const mounts = new Map<string, Decision>()
    for (const { column, listed } of targets) {
      const component = byName.get(column.component)
      if (component === undefined) continue
      const question = column.kind === 'mount'
        ? { kind: 'mount' as const, component }
        : { kind: 'action' as const, component, action: column.action ?? '', payload: column.payload }
      const before = await ask(question, auth, { providers: inputs.providers, profile: from })
      const after = await ask(question, auth, { providers: inputs.providers, profile: to })
      compared++
      // Reachability under the profile switched to (mounts do not depend on the profile today).
      if (column.kind === 'mount') mounts.set(column.component, after)
      const was = outcomeOf(before)
      const now = outcomeOf(after)
      if (same(was, now)) continue
      const mount = mounts.get(column.component)
      changes.push({
        persona: persona.id, component: column.component, kind: column.kind, listed, before: was, after: now,
        ...(column.action === undefined ? {} : { action: column.action }),
        ...(mount !== undefined && mount.verdict === 'deny' ? { unreachable: mountBlockOf(mount) } : {}),
      })
    }
  }
  return { from, to, compared, changes }
}
