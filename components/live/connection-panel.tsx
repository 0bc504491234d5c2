'use client'

import { useId, useState, useSyncExternalStore } from 'react'
import type { ComponentsResponse } from '@/lib/api/decide'
import { Button } from '@/components/ui/button'
import { Field, Input } from '@/components/ui/field'
import { Notice } from '@/components/ui/notice'
import { AuthBox } from './auth-box'
import { AutopilotSteps } from './autopilot-steps'
import { ComponentCard } from './component-card'
import { ActivityFeed, StatusLine } from './connection-status'
import { builtInLiveUrl, checkLiveUrl } from './live-url'
import type { LiveSession, SessionSnapshot } from './live-session'
import { MountForm } from './mount-form'
import type { PersonaView } from './studio-api'
import type { Loadable } from './use-studio-data'

export interface ConnectionPanelProps {
  readonly session: LiveSession
  readonly snapshot: SessionSnapshot
  /** Id of the heading that names the connection ("Connection #1"). */
  readonly titleId: string
  readonly personas: Loadable<PersonaView[]>
  readonly components: Loadable<ComponentsResponse>
  readonly onRemove: () => void
}

const noSubscribe = () => () => {}

/** One connection to the built-in or an external live server, with everything done on it. */
export function ConnectionPanel({ session, snapshot, titleId, personas, components, onRemove }: ConnectionPanelProps) {
  const id = useId()
  const { view, autopilot } = snapshot
  const { actions, label } = session
  // The server does not know the page's own address: the field is empty until hydration (when it is
  // disabled, as every control is; see useHydrated), then shows the built-in server's.
  const defaultUrl = useSyncExternalStore(noSubscribe, () => builtInLiveUrl(window.location), () => '')
  const [typed, setUrl] = useState<string | null>(null)
  const url = typed ?? snapshot.url ?? defaultUrl
  const [urlError, setUrlError] = useState<string | null>(null)

  const connect = async () => {
    const checked = checkLiveUrl(url)
    if (!checked.ok) return setUrlError(checked.error)
    setUrlError(null)
    await actions.connect(checked.url)
  }
  const busy = view.status === 'connecting'
  const open = view.status === 'open'
  const specs = components.phase === 'ready' ? components.value.components : []
  const link = autopilot?.request
  const persona = snapshot.lastPersona ?? link?.persona
  const component = snapshot.lastComponent ?? link?.component

  return (
    <div className="min-w-0 space-y-4 rounded-lg border border-line bg-panel p-4 shadow-sm" data-testid="connection-card">
      <div className="flex flex-wrap items-start gap-2">
        <h2 id={titleId} tabIndex={-1} className="rounded-sm text-base font-semibold">Connection {label}</h2>
        <StatusLine view={view} />
        <Button variant="ghost" className="ml-auto" onClick={onRemove} aria-label={`Remove connection ${label}`} title={open ? 'Closes the socket and forgets its log and traces' : 'Forgets this connection, its log and traces'}>
          Remove
        </Button>
      </div>

      {autopilot && <AutopilotSteps view={autopilot} onRetry={() => void session.retryAutopilot()} onDismiss={() => session.dismissAutopilot()} />}

      <form className="flex flex-wrap items-end gap-2" onSubmit={(e) => { e.preventDefault(); void connect() }}>
        <Field label="Live server URL" htmlFor={`${id}-url`} error={urlError} className="min-w-[16rem] flex-1"
          hint={snapshot.external && view.status !== 'idle' ? 'External server: the trace shows the studio’s prediction next to its answers.' : 'The studio’s own server by default; any ws:// or wss:// FluxStack Live server works.'}>
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
          <AuthBox view={view} personas={personas} actions={actions} initialPersona={persona} />
          <MountForm components={components} actions={actions} open={open} initialComponent={component} />
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
                  <ComponentCard key={m.componentId} mounted={m} spec={specs.find((s) => s.name === m.component)} remount={view.remounts[m.handle]} actions={actions}
                    mountedVersion={snapshot.mountedVersions[m.componentId]} prefill={link?.component === m.component ? link : undefined} />
                ))}
              </ul>
            )}
          </section>
        </>
      )}
      <ActivityFeed activity={view.activity} />
    </div>
  )
}
