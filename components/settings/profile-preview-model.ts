/**
 * The profile-switch preview in words: the decisions that change, grouped by
 * target and by what changes (personas with the same before and after share a
 * row), verdict changes first. Pure: no React.
 */
import type { ProfileCompareResponse } from '@/lib/api/workspace'

type Change = ProfileCompareResponse['changes'][number]
export type Outcome = Change['before']

export interface ChangeGroup {
  /** 'ModerationPanel.editProfile' or 'mount ModerationPanel'. */
  readonly target: string
  readonly component: string
  /** False: an action with an actionAuth entry that is not in publicActions (not a matrix column). */
  readonly listed: boolean
  readonly before: Outcome
  readonly after: Outcome
  /** The verdict itself changes (not only the deciding layer or the reason). */
  readonly verdictChanges: boolean
  readonly personas: readonly { readonly id: string; readonly label: string; readonly unreachable: boolean }[]
}

const targetOf = (c: Pick<Change, 'kind' | 'component' | 'action'>) => (c.kind === 'mount' ? `mount ${c.component}` : `${c.component}.${c.action ?? ''}`)
const outcomeKey = (o: Outcome) => `${o.verdict}|${o.decidedBy ?? ''}|${o.reason ?? ''}`

/** Changes grouped by target and identical before/after; verdict changes first, then in the order the API listed them. */
export function groupChanges(changes: readonly Change[]): ChangeGroup[] {
  const groups = new Map<string, ChangeGroup & { personas: ChangeGroup['personas'][number][] }>()
  for (const c of changes) {
    const key = `${targetOf(c)}|${outcomeKey(c.before)}|${outcomeKey(c.after)}`
    const group = groups.get(key) ?? {
      target: targetOf(c), component: c.component, listed: c.listed, before: c.before, after: c.after,
      verdictChanges: c.before.verdict !== c.after.verdict, personas: [],
    }
    group.personas.push({ id: c.persona, label: c.personaLabel, unreachable: c.unreachable !== undefined })
    groups.set(key, group)
  }
  const all = [...groups.values()]
  return [...all.filter((g) => g.verdictChanges), ...all.filter((g) => !g.verdictChanges)]
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

/**
 * One sentence: how many decisions change and how.
 * @example previewSummary(r) // 'Switching to fluxstack-live@0.11 changes 12 of 133 decisions on version 4: no verdict changes; 12 are decided by another layer or with another reason.'
 */
export function previewSummary(r: Pick<ProfileCompareResponse, 'to' | 'compared' | 'changes' | 'version'>): string {
  const head = `Switching to ${r.to}`
  if (r.changes.length === 0) return `${head} changes none of the ${plural(r.compared, 'decision')} on version ${r.version}.`
  const verdicts = r.changes.filter((c) => c.before.verdict !== c.after.verdict).length
  const others = r.changes.length - verdicts
  const verdictText = verdicts === 0 ? 'no verdict changes' : `${plural(verdicts, 'verdict')} ${verdicts === 1 ? 'changes' : 'change'}`
  const otherText = others === 0 ? '' : `; ${others} ${others === 1 ? 'is' : 'are'} decided by another layer or with another reason`
  return `${head} changes ${r.changes.length} of ${plural(r.compared, 'decision')} on version ${r.version}: ${verdictText}${otherText}.`
}

/** The short count the confirmation repeats: '12 decisions change (no verdict)' / '2 decisions change (1 verdict)'. */
export function confirmCount(r: Pick<ProfileCompareResponse, 'changes'>): string {
  if (r.changes.length === 0) return 'No decision changes'
  const verdicts = r.changes.filter((c) => c.before.verdict !== c.after.verdict).length
  return `${plural(r.changes.length, 'decision')} ${r.changes.length === 1 ? 'changes' : 'change'} (${verdicts === 0 ? 'no verdict' : plural(verdicts, 'verdict')})`
}
