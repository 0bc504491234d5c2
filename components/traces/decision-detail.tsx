'use client'

import Link from 'next/link'
import { useEffect, useState } from 'react'
import { TraceItem } from '@/components/trace/trace-item'
import { parseInspectorRecord } from '@/components/trace/trace-record'
import { saveRuleTest } from '@/components/trace/save-rule-test'
import { Button } from '@/components/ui/button'
import { Badge, Notice } from '@/components/ui/notice'
import { FoldedDecisions } from './folded-decisions'
import { detailResponseSchema, errorBodySchema, type DetailRecord } from './detail-record'
import { ObservedComparison } from './observed-comparison'
import { liveTesterHref, maskSecrets, noPersonaReason, noRuleTestReason, ruleTestFrom } from './log-model'
import { callerOf } from './row-fields'

type Load = { phase: 'loading' } | { phase: 'error'; message: string } | { phase: 'ready'; record: DetailRecord }

function useDecision(id: number): Load {
  const [state, setState] = useState<Load>({ phase: 'loading' })
  useEffect(() => {
    // The parent keys this component by id, so each id starts in 'loading'.
    let cancelled = false
    fetch(`/api/decisions/${id}`, { cache: 'no-store' }).then(async (res) => {
      const body: unknown = await res.json().catch(() => undefined)
      if (cancelled) return
      if (!res.ok) {
        const error = errorBodySchema.safeParse(body)
        setState({ phase: 'error', message: error.success ? error.data.message : `The server answered ${res.status}.` })
        return
      }
      const parsed = detailResponseSchema.safeParse(body)
      setState(parsed.success ? { phase: 'ready', record: parsed.data.decision } : { phase: 'error', message: 'The server sent a decision this page cannot read.' })
    }, () => !cancelled && setState({ phase: 'error', message: 'The studio server is not reachable.' }))
    return () => { cancelled = true }
  }, [id])
  return state
}

const pretty = (value: unknown) => JSON.stringify(value, null, 2)

function prettyPayload(json: string | null, truncated: boolean): string {
  if (json === null) return '(no payload)'
  if (truncated && !json.includes('"[redacted')) return json
  try {
    return pretty(JSON.parse(json))
  } catch {
    return json
  }
}

// A scrolling box is in the tab order so a keyboard can scroll it.
const scrollBox = 'max-h-64 overflow-auto rounded-md border border-line bg-surface p-2 font-mono text-xs'
const sectionTitle = 'mb-1 flex flex-wrap items-center gap-2 text-xs font-semibold uppercase tracking-wide text-muted'

/** A decision's full trace (the live tester's trace item), auth snapshot, payload and links: the side panel's body. */
export function DecisionDetail({ id }: { id: number }) {
  const state = useDecision(id)
  const [note, setNote] = useState<{ ok: boolean; message: string }>()
  if (state.phase === 'loading') {
    return (
      <div aria-busy="true" className="space-y-2" data-testid="detail-loading">
        <p className="text-sm text-muted">Loading decision {id}…</p>
        <div className="h-10 animate-pulse rounded bg-line" aria-hidden="true" />
        <div className="h-32 animate-pulse rounded bg-line" aria-hidden="true" />
      </div>
    )
  }
  if (state.phase === 'error') return <Notice tone="deny" role="alert">{state.message}</Notice>
  const r = state.record
  // An observed row's verdict and reason are the upstream's; its trace is the workspace's prediction, read with the prediction's verdict.
  const p = r.observed?.predicted
  const entry = parseInspectorRecord(p ? { ...r, verdict: p.verdict, reason: p.reason ?? null, decidedBy: p.decidedBy ?? null } : r)?.entry
  const caller = callerOf(r)
  // An overflow row counts several different decisions: it has no trace of its own and pins no single verdict.
  // A rule test names a persona: a session that matches none cannot have one.
  const test = r.foldedVariants || caller.kind === 'session' ? undefined : ruleTestFrom(r)
  const why = r.foldedVariants ? undefined : caller.kind === 'session' && r.sessionId ? noPersonaReason(r.sessionId) : test ? undefined : noRuleTestReason(r.kind)
  const snapshot = maskSecrets(r.auth) as { session?: unknown; authenticated?: boolean } | null
  return (
    <div data-testid="decision-detail" className="space-y-4">
      <p className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted">
        <span>{new Date(r.at).toLocaleString()}</span>
        <span data-testid="detail-source">
          {r.source === undefined ? "the studio's live server" : <>observed on upstream <span className="font-mono text-ink">{r.source}</span></>}
        </span>
        {r.workspaceVersion !== undefined && <span>workspace v{r.workspaceVersion}</span>}
        <span data-testid="detail-caller">
          {caller.kind === 'anonymous' ? 'anonymous caller' : caller.kind === 'persona' ? 'persona ' : 'session '}
          {caller.kind !== 'anonymous' && <span className="font-mono text-ink">{caller.text}</span>}
          {caller.kind === 'session' && ' (matches no persona)'}
          {caller.kind === 'persona' && r.sessionId && <> · session <span className="font-mono text-ink">{r.sessionId}</span></>}
        </span>
      </p>
      {r.source !== undefined && r.observed && (
        <ObservedComparison source={r.source} observed={r.observed} verdict={r.verdict} workspaceVersion={r.workspaceVersion} />
      )}
      <FoldedDecisions record={r} />
      {r.foldedVariants ? null : (
        <section className="min-w-0" {...(r.source !== undefined ? { 'aria-labelledby': 'trace-title' } : {})}>
          {r.source !== undefined && <h3 id="trace-title" className={sectionTitle}>The workspace&apos;s trace (its prediction)</h3>}
          {entry ? (
            <ul aria-label={r.source !== undefined ? "The workspace's trace" : 'Trace'}><TraceItem entry={entry} defaultOpen /></ul>
          ) : (
            <Notice tone="warn">This record&apos;s trace could not be read.</Notice>
          )}
        </section>
      )}
      <section aria-labelledby="auth-title" className="min-w-0">
        <h3 id="auth-title" className={sectionTitle}>
          Auth context {snapshot?.authenticated ? <Badge tone="allow">authenticated</Badge> : <Badge>anonymous</Badge>}
        </h3>
        <pre tabIndex={0} aria-labelledby="auth-title" className={scrollBox} data-testid="auth-snapshot">{pretty(snapshot)}</pre>
        <p className="mt-1 text-xs text-muted">Claims as the session carried them. The token is never logged; token-like fields are masked.</p>
      </section>
      <section aria-labelledby="payload-title" className="min-w-0">
        <h3 id="payload-title" className={sectionTitle}>
          Payload {r.payloadTruncated && <Badge tone="warn">{r.payloadJson?.includes('"[redacted') ? 'secrets redacted: not replayable' : 'truncated at 4 KiB: not replayable'}</Badge>}
        </h3>
        <pre tabIndex={0} aria-labelledby="payload-title" className={scrollBox}>{prettyPayload(r.payloadJson, r.payloadTruncated)}</pre>
        {r.payloadDigest && <p className="mt-1 break-all font-mono text-[11px] text-muted">sha256 {r.payloadDigest}</p>}
      </section>
      <div className="flex flex-wrap items-center gap-2">
        <Link href={liveTesterHref(r)} className="inline-flex items-center rounded-md border border-line bg-panel px-3 py-1.5 text-sm font-medium hover:bg-surface">Open in live tester</Link>
        {test && <Button onClick={() => void saveRuleTest(test).then(setNote)}>Save as rule test</Button>}
        {why && <p className="text-xs text-muted" data-testid="no-rule-test">{why}</p>}
        <span role="status" className="text-xs text-muted" data-testid="save-test-note">{note?.message}</span>
      </div>
      {note && !note.ok && test && <pre className="overflow-auto rounded-md border border-line p-2 font-mono text-xs">{pretty(test)}</pre>}
    </div>
  )
}
