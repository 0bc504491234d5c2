'use client'

import { Suspense, useCallback, useEffect, useSyncExternalStore } from 'react'
import { Button } from '@/components/ui/button'
import { readDraft } from '@/components/rules/draft-store'
import { ConnectionRow } from './connection-row'
import type { StreamState } from './inspector-feed'
import { useLiveRegistry, useRegistrySnapshot } from './live-provider'
import { OpenFromLink } from './open-from-link'
import { AgreementSummary, PredictionSource } from './prediction-source'
import { useStudioData } from './use-studio-data'

/** Another tab (or /rules in this one, before navigating back) changed a stored draft. */
function onStorage(notify: () => void): () => void {
  window.addEventListener('storage', notify)
  window.addEventListener('focus', notify)
  return () => {
    window.removeEventListener('storage', notify)
    window.removeEventListener('focus', notify)
  }
}

/**
 * The /live page: the studio shell's connections, each with its own decision
 * trace and frames beside it. They stay open while other pages are visited.
 */
export function LiveTester() {
  const registry = useLiveRegistry()
  const { sessions, focus, predictWith, agreements, stream, open } = useRegistrySnapshot()
  const data = useStudioData()
  // The decision stream stays open while this page shows (and while a connection to the built-in server is open).
  useEffect(() => registry.retainPage(), [registry])
  const workspaceId = data.components.phase === 'ready' ? data.components.value.workspaceId : ''
  const hasDraft = useSyncExternalStore(onStorage, () => workspaceId !== '' && readDraft(window.localStorage, workspaceId) !== undefined, () => false)
  const add = () => registry.add()
  const focused = useCallback((key: number) => registry.focused(key), [registry])

  return (
    <div className="space-y-4">
      <Suspense fallback={null}>
        <OpenFromLink />
      </Suspense>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <Button variant="primary" onClick={add}>Add connection</Button>
        <p className="text-sm text-muted">
          Open two connections to act as two personas at once. They stay open while you visit other pages{open > 0 ? ` (${open} open now)` : ''}; Disconnect or Remove closes one.
        </p>
        {data.components.phase === 'ready' && (
          <p className="ml-auto text-xs text-muted">Workspace version {data.components.value.workspaceVersion} · profile <span className="font-mono">{data.components.value.profile}</span> · <button type="button" className="underline hover:text-ink" onClick={data.reload}>Reload components and personas</button></p>
        )}
      </div>
      <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
        <PredictionSource value={predictWith} onChange={(v) => registry.setPredictWith(v)} version={data.components.phase === 'ready' ? data.components.value.workspaceVersion : undefined} hasDraft={hasDraft} />
        <AgreementSummary agreements={agreements} />
        <StreamStatus state={stream} />
      </div>
      {sessions.length === 0 ? (
        <div className="rounded-lg border border-dashed border-line p-8 text-center text-sm text-muted">
          No connections yet — <button type="button" className="font-medium text-accent underline" onClick={add}>add one</button>.
        </div>
      ) : (
        <div className="space-y-6">
          {sessions.map((session) => (
            <ConnectionRow key={session.key} session={session} personas={data.personas} components={data.components}
              focus={focus === session.key} onFocused={() => focused(session.key)} onRemove={() => registry.remove(session.key)} />
          ))}
        </div>
      )}
    </div>
  )
}

function StreamStatus({ state }: { state: StreamState }) {
  const text = {
    off: 'The decision stream opens with the page.',
    open: 'Decisions of these connections to the built-in server stream in beside each one; external servers show the studio’s prediction.',
    connecting: 'Connecting to the decision stream…',
    error: 'The decision stream is unavailable (admin session needed?); predictions for external servers still work.',
  }[state]
  return <p className={state === 'error' ? 'text-xs text-deny' : 'text-xs text-muted'} role="status" data-testid="stream-status" data-state={state}>{text}</p>
}
