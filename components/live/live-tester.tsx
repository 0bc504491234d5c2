'use client'

import { useCallback, useMemo, useRef, useState, useSyncExternalStore } from 'react'
import { Button } from '@/components/ui/button'
import { Notice } from '@/components/ui/notice'
import { readDraft } from '@/components/rules/draft-store'
import { compareAnswer } from '@/components/trace/compare'
import { TracePanel } from '@/components/trace/trace-panel'
import { SaveAsTest } from '@/components/trace/save-as-test'
import type { TraceEntry } from '@/components/trace/trace-format'
import { ConnectionPanel } from './connection-panel'
import { parsePrefill } from './live-url'
import { AgreementSummary, PredictionSource, type PredictWith } from './prediction-source'
import { predict } from './studio-api'
import { useInspectorTraces, type StreamState } from './use-inspector-traces'
import type { AskedRequest } from './use-live-connection'
import { useStudioData } from './use-studio-data'

const MAX_TRACES = 300

interface Slot {
  readonly key: number
  readonly label: string
}

const noSubscribe = () => () => {}

/** Another tab (or /rules in this one, before navigating back) changed a stored draft. */
function onStorage(notify: () => void): () => void {
  window.addEventListener('storage', notify)
  window.addEventListener('focus', notify)
  return () => {
    window.removeEventListener('storage', notify)
    window.removeEventListener('focus', notify)
  }
}

/** The /live page: connections side by side and one decision trace for all of them. */
export function LiveTester() {
  const data = useStudioData()
  // "Open in live tester" from /traces: the first connection starts with that persona, component, action and payload.
  const search = useSyncExternalStore(noSubscribe, () => window.location.search, () => '')
  const prefill = useMemo(() => parsePrefill(search), [search])
  const [slots, setSlots] = useState<Slot[]>([{ key: 1, label: '#1' }])
  const next = useRef(2)
  const labels = useRef(new Map<string, string>())
  const [traces, setTraces] = useState<TraceEntry[]>([])
  const [predictionError, setPredictionError] = useState<string | null>(null)
  const [predictWith, setPredictWith] = useState<PredictWith>('saved')
  const workspaceId = data.components.phase === 'ready' ? data.components.value.workspaceId : ''
  // The draft is read when a prediction is made, so edits made in /rules meanwhile count.
  const draftFiles = useCallback(() => (typeof window === 'undefined' || workspaceId === '' ? undefined : readDraft(window.localStorage, workspaceId)?.files), [workspaceId])
  const hasDraft = useSyncExternalStore(onStorage, () => draftFiles() !== undefined, () => false)

  const addTrace = useCallback((entry: TraceEntry) => setTraces((t) => [entry, ...t].slice(0, MAX_TRACES)), [])
  const labelOf = useCallback((connectionId: string) => labels.current.get(connectionId), [])
  const stream = useInspectorTraces(labelOf, addTrace)

  const add = () => {
    const key = next.current++
    setSlots((s) => [...s, { key, label: `#${key}` }])
  }
  const remove = (key: number) => setSlots((s) => s.filter((x) => x.key !== key))

  const onExternal = useCallback(async (label: string, asked: AskedRequest) => {
    const draft = predictWith === 'draft' ? draftFiles() : undefined
    const res = await predict(asked.request, draft)
    if (!res.ok) return setPredictionError(`No prediction for ${asked.request.component}: ${res.error}`)
    setPredictionError(null)
    const { request } = asked
    const action = request.action ?? request.property ?? request.roomId
    addTrace({
      key: `pred-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
      at: Date.now(),
      decision: res.value.decision,
      meta: { component: request.component, ...(action !== undefined && { action }), connection: label },
      comparison: { answer: asked.answer, agreement: compareAnswer(asked.answer, res.value.decision), source: res.value.source },
    })
  }, [addTrace, predictWith, draftFiles])
  const agreements = useMemo(() => traces.flatMap((t) => (t.comparison ? [t.comparison.agreement.status] : [])), [traces])

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2">
        <Button variant="primary" onClick={add}>Add connection</Button>
        <p className="text-sm text-muted">Open two connections to act as two personas at once.</p>
        {data.components.phase === 'ready' && (
          <p className="ml-auto text-xs text-muted">Workspace version {data.components.value.workspaceVersion} · profile <span className="font-mono">{data.components.value.profile}</span> · <button type="button" className="underline hover:text-ink" onClick={data.reload}>reload palette</button></p>
        )}
      </div>
      <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
        <PredictionSource value={predictWith} onChange={setPredictWith} version={data.components.phase === 'ready' ? data.components.value.workspaceVersion : undefined} hasDraft={hasDraft} />
        <AgreementSummary agreements={agreements} />
      </div>
      {prefill && (
        <Notice tone="info" role="status" data-testid="prefill-notice">
          Prefilled from a logged decision: {[prefill.persona && `persona ${prefill.persona}`, prefill.component && `component ${prefill.component}`, prefill.action && `action ${prefill.action}`].filter(Boolean).join(', ')}. Connect, authenticate and mount to replay it live.
        </Notice>
      )}
      {slots.length === 0 ? (
        <div className="rounded-lg border border-dashed border-line p-8 text-center text-sm text-muted">
          No connections yet — <button type="button" className="font-medium text-accent underline" onClick={add}>add one</button>.
        </div>
      ) : (
        <div className="grid gap-4 2xl:grid-cols-2">
          {slots.map((slot) => (
            <ConnectionPanel
              key={slot.key}
              label={slot.label}
              personas={data.personas}
              components={data.components}
              prefill={slot.key === 1 ? prefill : undefined}
              onRemove={() => remove(slot.key)}
              onConnectionId={(id) => labels.current.set(id, slot.label)}
              onExternalAnswer={(asked) => void onExternal(slot.label, asked)}
            />
          ))}
        </div>
      )}
      {predictionError && <Notice tone="warn" role="alert">{predictionError}</Notice>}
      <TracePanel entries={traces} onClear={() => setTraces([])} status={<StreamStatus state={stream} />} actionsFor={(entry) => <SaveAsTest entry={entry} />}
        empty="No decisions yet. Connect, authenticate and mount a component: each decision shows up here with its layers." />
    </div>
  )
}

function StreamStatus({ state }: { state: StreamState }) {
  const text = {
    open: 'Live: decisions of this page’s connections to the built-in server stream in; external servers show the studio’s prediction.',
    connecting: 'Connecting to the decision stream…',
    error: 'The decision stream is unavailable (admin session needed?); predictions for external servers still work.',
  }[state]
  return <p className={state === 'error' ? 'text-xs text-deny' : 'text-xs text-muted'} role="status">{text}</p>
}
