'use client'

import { useId, useMemo, useState } from 'react'
import { Button } from '@/components/ui/button'
import { Card, CardTitle } from '@/components/ui/card'
import { Notice } from '@/components/ui/notice'
import type { ImpactReport } from '@/lib/impact/types'
import { FlipItem } from './flip-item'
import { useImpact, type ImpactDraft, type ImpactWindow } from './use-impact'

/** The windows offered: the last N decisions, or a recent time range. */
export const IMPACT_WINDOWS = [
  { id: 'last-100', label: 'last 100 decisions', window: () => ({ last: 100 }) },
  { id: 'last-1000', label: 'last 1,000 decisions', window: () => ({ last: 1000 }) },
  { id: 'last-10000', label: 'last 10,000 decisions', window: () => ({ last: 10_000 }) },
  { id: 'hour', label: 'decisions of the last hour', window: () => ({ from: Date.now() - 3_600_000, to: Date.now() }) },
  { id: 'day', label: 'decisions of the last 24 hours', window: () => ({ from: Date.now() - 86_400_000, to: Date.now() }) },
] as const satisfies readonly { id: string; label: string; window: () => ImpactWindow }[]
type WindowId = (typeof IMPACT_WINDOWS)[number]['id']

const n = (v: number) => v.toLocaleString('en-US')

/** "This change flips 3 of the last 1,204 decisions". */
export function impactHeadline(r: ImpactReport): string {
  const flips = r.widening + r.narrowing
  const of = `of the last ${n(r.total)} decision${r.total === 1 ? '' : 's'}`
  if (flips === 0) return `This change flips none ${of}.`
  const parts = [r.widening > 0 ? `${n(r.widening)} widen access` : '', r.narrowing > 0 ? `${n(r.narrowing)} narrow it` : ''].filter(Boolean)
  return `This change flips ${n(flips)} ${of} (${parts.join(', ')}).`
}

/**
 * Impact of a draft on real traffic: replays a window of logged decisions
 * against `files` (unsaved editor state) or a saved `version`, and lists every
 * verdict that would change. Embedded on /rules.
 */
export function ImpactPanel({ files, version }: { files?: Readonly<Record<string, string>>; version?: number }) {
  const draft = useMemo<ImpactDraft>(() => (files ? { files } : { version: version ?? 1 }), [files, version])
  const { state, run } = useImpact(draft)
  const [windowId, setWindowId] = useState<WindowId>('last-1000')
  const selectId = useId()
  const [ranWith, setRanWith] = useState<ImpactDraft | undefined>()
  const stale = ranWith !== undefined && ranWith !== draft
  const chosen = IMPACT_WINDOWS.find((w) => w.id === windowId) ?? IMPACT_WINDOWS[1]
  return (
    <Card aria-labelledby="impact-title" data-testid="impact-panel">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <CardTitle id="impact-title">Impact on logged decisions</CardTitle>
        <div className="flex flex-wrap items-center gap-2">
          <label htmlFor={selectId} className="text-sm text-muted">Replay the</label>
          <select id={selectId} value={windowId} onChange={(e) => setWindowId(e.target.value as WindowId)} className="rounded-md border border-line bg-panel px-2 py-1 text-sm">
            {IMPACT_WINDOWS.map((w) => <option key={w.id} value={w.id}>{w.label}</option>)}
          </select>
          <Button variant="primary" onClick={() => {
            setRanWith(draft)
            run(chosen.window())
          }} disabled={state.phase === 'running'}>{state.phase === 'running' ? 'Replaying…' : 'Check impact'}</Button>
        </div>
      </div>
      {state.phase === 'idle' && <p className="text-sm text-muted">Replays the {chosen.label} against this draft with the engine and lists every verdict that would change.</p>}
      {state.phase === 'running' && <p role="status" className="text-sm text-muted">Loading the draft in a sandbox and replaying…</p>}
      {state.phase === 'error' && <Notice tone="deny" role="alert">{state.message}</Notice>}
      {state.phase === 'ready' && stale && <Notice tone="warn" role="status">The draft changed since this check; run it again to include the latest edits.</Notice>}
      {state.phase === 'ready' && <ImpactResult report={state.report} draftErrors={state.draftErrors} />}
    </Card>
  )
}

function ImpactResult({ report, draftErrors }: { report: ImpactReport; draftErrors: readonly { file: string; message: string }[] }) {
  return (
    <div className="space-y-3">
      <p role="status" className="text-sm font-medium" data-testid="impact-headline">{impactHeadline(report)}</p>
      {draftErrors.length > 0 && <Notice tone="warn">The draft has {draftErrors.length} error(s); components that failed to load count as missing.</Notice>}
      {report.notReplayable.length > 0 && (
        <p className="text-xs text-muted">Not replayed: {report.notReplayable.map((s) => `${n(s.count)} (${s.reason})`).join('; ')}.</p>
      )}
      {report.byTarget.length > 0 && (
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Flips per component and action</caption>
          <thead className="text-xs text-muted"><tr><th scope="col">Target</th><th scope="col">Kind</th><th scope="col">Widened</th><th scope="col">Narrowed</th><th scope="col">Replayed</th></tr></thead>
          <tbody>
            {report.byTarget.map((t) => (
              <tr key={`${t.kind}|${t.target}`} className="border-t border-line">
                <td className="py-1 font-mono">{t.target}</td><td>{t.kind}</td>
                <td className={t.widening > 0 ? 'font-semibold text-warn' : ''}>{t.widening}</td><td>{t.narrowing}</td><td>{t.replayed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {report.flips.length > 0 && (
        <ul className="space-y-2" aria-label="Decisions that flip, widenings first">
          {report.flips.map((f) => <FlipItem key={f.id} flip={f} />)}
        </ul>
      )}
      {report.flipsTruncated && <p className="text-xs text-muted">Only the first {report.flips.length} flips are listed.</p>}
      {report.missingFields.length > 0 && (
        <Notice tone="warn">
          <p className="font-medium">Missing claims</p>
          <p>Rules read session fields the token did not carry: {report.missingFields.map((f) => `${f.field} (${n(f.count)} decisions)`).join(', ')}.</p>
        </Notice>
      )}
    </div>
  )
}
