'use client'

import { useEffect, useState } from 'react'
import { TraceItem } from '@/components/trace/trace-item'
import { parseInspectorRecord } from '@/components/trace/trace-record'
import { saveRuleTest } from '@/components/trace/save-rule-test'
import { Button } from '@/components/ui/button'
import { Card, CardTitle } from '@/components/ui/card'
import { Badge, Notice } from '@/components/ui/notice'
import { FoldedDecisions, type FoldedRecord } from './folded-decisions'
import { liveTesterHref, maskSecrets, ruleTestFrom, type LoggedTarget } from './log-model'

type Full = LoggedTarget & FoldedRecord & { at: number; auth: unknown; trace: unknown; payloadDigest: string | null; sessionId?: string; workspaceVersion?: number; profile: string }
type Load = { phase: 'loading' } | { phase: 'error'; message: string } | { phase: 'ready'; record: Full; raw: unknown }

function useDecision(id: number): Load {
  const [state, setState] = useState<Load>({ phase: 'loading' })
  useEffect(() => {
    // The parent keys this component by id, so each id starts in 'loading'.
    let cancelled = false
    fetch(`/api/decisions/${id}`, { cache: 'no-store' }).then(async (res) => {
      const body = (await res.json()) as { decision?: Full; message?: string }
      if (cancelled) return
      if (!res.ok || !body.decision) setState({ phase: 'error', message: body.message ?? `The server answered ${res.status}` })
      else setState({ phase: 'ready', record: body.decision, raw: body.decision })
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

/** A decision's full trace (the live tester's trace item), auth snapshot, payload and links. */
export function DecisionDetail({ id, onClose }: { id: number; onClose: () => void }) {
  const state = useDecision(id)
  const [note, setNote] = useState<{ ok: boolean; message: string }>()
  if (state.phase !== 'ready') {
    return (
      <Card aria-label="Decision details" aria-busy={state.phase === 'loading'}>
        {state.phase === 'error' ? <Notice tone="deny" role="alert">{state.message}</Notice> : <p className="text-sm text-muted">Loading decision {id}…</p>}
      </Card>
    )
  }
  const r = state.record
  const entry = parseInspectorRecord(state.raw)?.entry
  // An overflow row counts several different decisions: it has no trace of its own and pins no single verdict.
  const test = r.foldedVariants ? undefined : ruleTestFrom(r)
  const snapshot = maskSecrets(r.auth) as { session?: unknown; authenticated?: boolean } | null
  return (
    <Card aria-labelledby="detail-title" data-testid="decision-detail">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <CardTitle id="detail-title">Decision #{r.id}</CardTitle>
        <Button variant="ghost" onClick={onClose} aria-label="Close decision details">Close</Button>
      </div>
      <p className="mb-3 flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted">
        <span>{new Date(r.at).toLocaleString()}</span>
        {r.workspaceVersion !== undefined && <span>workspace v{r.workspaceVersion}</span>}
        {r.sessionId && <span>session <span className="font-mono text-ink">{r.sessionId}</span></span>}
      </p>
      <FoldedDecisions record={r} />
      {r.foldedVariants ? null : entry ? <ul aria-label="Trace"><TraceItem entry={entry} defaultOpen /></ul> : <Notice tone="warn">This record&apos;s trace could not be read.</Notice>}
      <div className="mt-4 grid gap-4 lg:grid-cols-2">
        <section aria-labelledby="auth-title" className="min-w-0">
          <h3 id="auth-title" className="mb-1 text-xs font-semibold uppercase tracking-wide text-muted">
            Auth context {snapshot?.authenticated ? <Badge tone="allow">authenticated</Badge> : <Badge>anonymous</Badge>}
          </h3>
          <pre className="max-h-64 overflow-auto rounded-md border border-line bg-surface p-2 font-mono text-xs" data-testid="auth-snapshot">{pretty(snapshot)}</pre>
          <p className="mt-1 text-xs text-muted">Claims as the session carried them. The token is never logged; token-like fields are masked.</p>
        </section>
        <section aria-labelledby="payload-title" className="min-w-0">
          <h3 id="payload-title" className="mb-1 text-xs font-semibold uppercase tracking-wide text-muted">
            Payload {r.payloadTruncated && <Badge tone="warn">{r.payloadJson?.includes('"[redacted') ? 'secrets redacted: not replayable' : 'truncated at 4 KiB: not replayable'}</Badge>}
          </h3>
          <pre className="max-h-64 overflow-auto rounded-md border border-line bg-surface p-2 font-mono text-xs">{prettyPayload(r.payloadJson, r.payloadTruncated)}</pre>
          {r.payloadDigest && <p className="mt-1 break-all font-mono text-[11px] text-muted">sha256 {r.payloadDigest}</p>}
        </section>
      </div>
      <div className="mt-4 flex flex-wrap items-center gap-2">
        <a href={liveTesterHref(r)} className="inline-flex items-center rounded-md border border-line bg-panel px-3 py-1.5 text-sm font-medium hover:bg-surface">Open in live tester</a>
        {test && <Button onClick={() => void saveRuleTest(test).then(setNote)}>Save as rule test</Button>}
        <span role="status" className="text-xs text-muted" data-testid="save-test-note">{note?.message}</span>
      </div>
      {note && !note.ok && test && <pre className="mt-2 overflow-auto rounded-md border border-line p-2 font-mono text-xs">{pretty(test)}</pre>}
    </Card>
  )
}
