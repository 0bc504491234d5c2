'use client'

import { useId, useMemo, useState } from 'react'
import { Button } from '@/components/ui/button'
import { Card, CardTitle } from '@/components/ui/card'
import { Notice } from '@/components/ui/notice'
import type { ImpactReport } from '@/lib/impact/types'
import { FlipItem } from './flip-item'
import { MAX_IMPACT_WINDOW } from '@/lib/api/decisions'
import { useImpact, useVersions, type ImpactDraft, type ImpactWindow } from './use-impact'

const n = (v: number) => v.toLocaleString('en-US')

/** "This change flips 3 of the last 1,204 decisions". */
export function impactHeadline(r: ImpactReport): string {
  const flips = r.widening + r.narrowing
  const of = `of the last ${n(r.total)} decision${r.total === 1 ? '' : 's'}`
  if (flips === 0) return `This change flips none ${of}.`
  const parts = [r.widening > 0 ? `${n(r.widening)} widen access` : '', r.narrowing > 0 ? `${n(r.narrowing)} narrow it` : ''].filter(Boolean)
  return `This change flips ${n(flips)} ${of} (${parts.join(', ')}).`
}

/** `datetime-local` value for a time (local time, minutes). */
const localInput = (ms: number) => {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000)
  return d.toISOString().slice(0, 16)
}

type WindowForm = { mode: 'last'; last: string } | { mode: 'range'; from: string; to: string }

/** The request window for the form, or why it cannot be used. */
export function windowOf(form: WindowForm): { ok: true; window: ImpactWindow } | { ok: false; error: string } {
  if (form.mode === 'last') {
    const last = Number(form.last)
    if (!/^\d+$/.test(form.last.trim()) || last < 1 || last > MAX_IMPACT_WINDOW) return { ok: false, error: `Replay between 1 and ${n(MAX_IMPACT_WINDOW)} decisions.` }
    return { ok: true, window: { last } }
  }
  const from = Date.parse(form.from)
  const to = Date.parse(form.to)
  if (Number.isNaN(from) || Number.isNaN(to)) return { ok: false, error: 'Pick both ends of the time range.' }
  if (from >= to) return { ok: false, error: 'The range must start before it ends.' }
  return { ok: true, window: { from, to } }
}

/**
 * Impact of a draft on real traffic: replays a window of logged decisions
 * (the last N, or a time range) against the unsaved editor state or any saved
 * version, and lists every verdict that would change. Embedded on /rules.
 */
export function ImpactPanel({ files }: { files?: Readonly<Record<string, string>> }) {
  const versions = useVersions()
  const [source, setSource] = useState<string>(files ? 'draft' : 'current')
  const current = versions.phase === 'ready' ? versions.current : undefined
  const draft = useMemo<ImpactDraft | undefined>(() => {
    if (source === 'draft' && files) return { files }
    const v = Number(source.replace(/^v/, ''))
    if (source.startsWith('v') && Number.isInteger(v)) return { version: v }
    return current === undefined ? undefined : { version: current }
  }, [source, files, current])
  const { state, run } = useImpact(draft)
  const [form, setForm] = useState<WindowForm>({ mode: 'last', last: '1000' })
  const [formError, setFormError] = useState<string>()
  const id = useId()
  const [ranWith, setRanWith] = useState<ImpactDraft | undefined>()
  const stale = ranWith !== undefined && ranWith !== draft
  const check = () => {
    const w = windowOf(form)
    if (!w.ok) return setFormError(w.error)
    setFormError(undefined)
    setRanWith(draft)
    run(w.window)
  }
  const select = 'rounded-md border border-line bg-panel px-2 py-1 text-sm'
  return (
    <Card aria-labelledby="impact-title" data-testid="impact-panel">
      <CardTitle id="impact-title">Impact on logged decisions</CardTitle>
      <form className="mb-3 flex flex-wrap items-end gap-3" onSubmit={(e) => { e.preventDefault(); check() }}>
        <label className="flex flex-col gap-1 text-xs text-muted" htmlFor={`${id}-source`}>
          Rules to replay against
          <select id={`${id}-source`} value={source} onChange={(e) => setSource(e.target.value)} className={select}>
            {files && <option value="draft">the unsaved editor state</option>}
            {versions.phase === 'ready'
              ? versions.list.map((v) => <option key={v.version} value={`v${v.version}`}>version {v.version}{v.version === versions.current ? ' (current)' : ''}{v.message ? ` — ${v.message.slice(0, 40)}` : ''}</option>)
              : <option value="current" disabled>{versions.phase === 'error' ? 'versions unavailable' : 'loading versions…'}</option>}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-xs text-muted" htmlFor={`${id}-mode`}>
          Decisions
          <select id={`${id}-mode`} value={form.mode} className={select}
            onChange={(e) => setForm(e.target.value === 'last' ? { mode: 'last', last: '1000' } : { mode: 'range', from: localInput(Date.now() - 3_600_000), to: localInput(Date.now() + 60_000) })}>
            <option value="last">the last N</option>
            <option value="range">in a time range</option>
          </select>
        </label>
        {form.mode === 'last' ? (
          <label className="flex flex-col gap-1 text-xs text-muted" htmlFor={`${id}-last`}>
            N (up to {n(MAX_IMPACT_WINDOW)})
            <input id={`${id}-last`} inputMode="numeric" value={form.last} onChange={(e) => setForm({ mode: 'last', last: e.target.value })} className={`${select} w-28`} aria-invalid={formError !== undefined} />
          </label>
        ) : (
          <>
            <label className="flex flex-col gap-1 text-xs text-muted" htmlFor={`${id}-from`}>
              From
              <input id={`${id}-from`} type="datetime-local" value={form.from} onChange={(e) => setForm({ ...form, from: e.target.value })} className={select} />
            </label>
            <label className="flex flex-col gap-1 text-xs text-muted" htmlFor={`${id}-to`}>
              To
              <input id={`${id}-to`} type="datetime-local" value={form.to} onChange={(e) => setForm({ ...form, to: e.target.value })} className={select} />
            </label>
          </>
        )}
        <Button type="submit" variant="primary" disabled={state.phase === 'running' || draft === undefined}>{state.phase === 'running' ? 'Replaying…' : 'Check impact'}</Button>
      </form>
      {formError && <Notice tone="deny" role="alert">{formError}</Notice>}
      {state.phase === 'idle' && <p className="text-sm text-muted">Replays the logged decisions with the engine against the chosen rules and lists every verdict that would change.</p>}
      {state.phase === 'running' && <p role="status" className="text-sm text-muted">Loading the rules in a sandbox and replaying…</p>}
      {state.phase === 'error' && <Notice tone="deny" role="alert">{state.message}</Notice>}
      {state.phase === 'ready' && stale && <Notice tone="warn" role="status">The rules changed since this check; run it again to include the latest edits.</Notice>}
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
