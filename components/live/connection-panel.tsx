'use client'

import { useId, useRef, useState, useSyncExternalStore } from 'react'
import type { ComponentsResponse } from '@/lib/api/decide'
import { Button } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { Field, Input } from '@/components/ui/field'
import { Notice } from '@/components/ui/notice'
import { AuthBox } from './auth-box'
import { ComponentCard } from './component-card'
import { ActivityFeed, StatusLine } from './connection-status'
import { FrameLog } from './frame-log'
import { builtInLiveUrl, checkLiveUrl, isBuiltInUrl, type LivePrefill } from './live-url'
import { MountForm } from './mount-form'
import type { PersonaView } from './studio-api'
import { useLiveConnection, type AskedRequest } from './use-live-connection'
import type { Loadable } from './use-studio-data'

export interface ConnectionPanelProps {
  readonly label: string
  readonly personas: Loadable<PersonaView[]>
  readonly components: Loadable<ComponentsResponse>
  readonly onRemove: () => void
  readonly onConnectionId: (connectionId: string) => void
  /** Answers of an external server, to be compared with the studio's prediction. */
  readonly onExternalAnswer: (asked: AskedRequest) => void
  /** Starting values from a /live?persona&component&action&payload link. */
  readonly prefill?: LivePrefill | undefined
}

const noSubscribe = () => () => {}

/** One connection to the built-in or an external live server, with everything done on it. */
export function ConnectionPanel({ label, personas, components, onRemove, onConnectionId, onExternalAnswer, prefill }: ConnectionPanelProps) {
  const id = useId()
  // The server does not know the page's own address: the field is empty until hydration (when it is
  // disabled, as every control is; see useHydrated), then shows the built-in server's.
  const defaultUrl = useSyncExternalStore(noSubscribe, () => builtInLiveUrl(window.location), () => '')
  const [typed, setUrl] = useState<string | null>(null)
  const url = typed ?? defaultUrl
  const [urlError, setUrlError] = useState<string | null>(null)
  const external = useRef(false)
  const [isExternal, setIsExternal] = useState(false)
  const { view, actions } = useLiveConnection({
    onConnectionId,
    onAnswered: (asked) => {
      if (external.current) onExternalAnswer(asked)
    },
  })

  const connect = async () => {
    const checked = checkLiveUrl(url)
    if (!checked.ok) return setUrlError(checked.error)
    setUrlError(null)
    external.current = !isBuiltInUrl(checked.url, window.location)
    setIsExternal(external.current)
    await actions.connect(checked.url)
  }
  const busy = view.status === 'connecting'
  const open = view.status === 'open'
  const specs = components.phase === 'ready' ? components.value.components : []

  return (
    <Card aria-labelledby={`${id}-title`} className="min-w-0 space-y-4" data-testid="connection">
      <div className="flex flex-wrap items-start gap-2">
        <h2 id={`${id}-title`} className="text-base font-semibold">Connection {label}</h2>
        <StatusLine view={view} />
        <Button variant="ghost" className="ml-auto" onClick={onRemove} aria-label={`Remove connection ${label}`}>Remove</Button>
      </div>

      <form className="flex flex-wrap items-end gap-2" onSubmit={(e) => { e.preventDefault(); void connect() }}>
        <Field label="Live server URL" htmlFor={`${id}-url`} error={urlError} className="min-w-[16rem] flex-1"
          hint={isExternal && view.status !== 'idle' ? 'External server: the trace shows the studio’s prediction next to its answers.' : 'The studio’s own server by default; any ws:// or wss:// FluxStack Live server works.'}>
          <Input id={`${id}-url`} value={url} onChange={(e) => setUrl(e.target.value)} disabled={open || busy} spellCheck={false} className="font-mono" />
        </Field>
        {open || busy ? (
          <Button onClick={actions.disconnect}>Disconnect</Button>
        ) : (
          <Button type="submit" variant="primary">{view.status === 'closed' ? 'Reconnect' : 'Connect'}</Button>
        )}
      </form>

      {open && (
        <>
          <AuthBox view={view} personas={personas} actions={actions} initialPersona={prefill?.persona} />
          <MountForm components={components} actions={actions} open={open} initialComponent={prefill?.component} />
          {view.denied.length > 0 && (
            <Notice tone="warn" role="status">
              <p className="font-medium">Waiting for login — mounted again automatically after a successful AUTH:</p>
              <ul className="ml-4 list-disc font-mono text-xs">
                {view.denied.map((d) => <li key={d.handle}>{d.component}: {d.error}</li>)}
              </ul>
            </Notice>
          )}
          <section aria-label="Mounted components">
            {view.components.length === 0 ? (
              <p className="text-sm text-muted">No mounted components on this connection.</p>
            ) : (
              <ul className="space-y-3">
                {view.components.map((m) => (
                  <ComponentCard key={m.componentId} mounted={m} spec={specs.find((s) => s.name === m.component)} remount={view.remounts[m.handle]} actions={actions} prefill={prefill?.component === m.component ? prefill : undefined} />
                ))}
              </ul>
            )}
          </section>
        </>
      )}
      <ActivityFeed activity={view.activity} />
      <FrameLog frames={view.frames} onClear={actions.clearFrames} />
    </Card>
  )
}
