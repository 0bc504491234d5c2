'use client'

import { useMemo } from 'react'
import { Button } from '@/components/ui/button'
import { Card, CardTitle } from '@/components/ui/card'
import { Notice } from '@/components/ui/notice'
import type { ImpactReport } from '@/lib/impact/types'
import { FlipItem } from './flip-item'
import { useImpact, type ImpactDraft } from './use-impact'

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
 * Impact of a draft on real traffic: replays the last `last` logged decisions
 * against `files` (unsaved editor state) or a saved `version`. Embed on /rules.
 */
export function ImpactPanel({ files, version, last = 1000 }: { files?: Readonly<Record<string, string>>; version?: number; last?: number }) {
  const draft = useMemo<ImpactDraft>(() => (files ? { files } : { version: version ?? 1 }), [files, version])
  const { state, run } = useImpact(draft, last)
  return (
    <Card aria-labelledby="impact-title" data-testid="impact-panel">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <CardTitle id="impact-title">Impact on logged decisions</CardTitle>
        <Button variant="primary" onClick={run} disabled={state.phase === 'running'}>{state.phase === 'running' ? 'Replaying…' : 'Check impact'}</Button>
      </div>
      {state.phase === 'idle' && <p className="text-sm text-muted">Replays the last {n(last)} decisions against this draft and lists every verdict that would change.</p>}
      {state.phase === 'error' && <Notice tone="deny" role="alert">{state.message}</Notice>}
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
