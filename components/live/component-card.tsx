'use client'

import { useId, useState } from 'react'
import type { WorkspaceComponent } from '@/lib/api/decide'
import type { MountedComponent } from '@/lib/live/client'
import { Button } from '@/components/ui/button'
import { Field, Input, Textarea } from '@/components/ui/field'
import { Badge, Notice } from '@/components/ui/notice'
import { remountNote, type RemountPhase } from './connection-model'
import { parseJsonInput } from './json-input'
import type { LiveConnectionActions } from './session-actions'
import { staleVersionNote, useWorkspaceVersion } from './use-studio-data'

interface Props {
  readonly mounted: MountedComponent
  readonly spec: WorkspaceComponent | undefined
  readonly remount: RemountPhase | undefined
  readonly actions: LiveConnectionActions
  /** The workspace version current when the component was mounted (kept by the connection, so it survives leaving the page). */
  readonly mountedVersion: number | undefined
  /** Action and payload to start the action form with (from a /live link). */
  readonly prefill?: { readonly action?: string; readonly payload?: string } | undefined
}

/** A mounted component: live state, any action with a JSON payload, PROPERTY_UPDATE, rooms. */
export function ComponentCard({ mounted, spec, remount, actions, mountedVersion, prefill }: Props) {
  const id = useId()
  const note = remountNote(remount)
  const stale = staleVersionNote(mountedVersion, useWorkspaceVersion())
  return (
    <li className="space-y-3 rounded-md border border-line p-3" data-testid="mounted-component" aria-labelledby={`${id}-name`}>
      <div className="flex flex-wrap items-center gap-2">
        <h4 id={`${id}-name`} className="font-mono text-sm font-semibold">{mounted.component}</h4>
        <span className="font-mono text-xs text-muted">{mounted.componentId}</span>
        {mounted.room && <Badge>room {mounted.room}</Badge>}
        {note && <Badge tone={remount === 'failed' ? 'deny' : 'allow'}>{note}</Badge>}
        <Button variant="ghost" className="ml-auto" onClick={() => void actions.unmount(mounted.componentId)} aria-label={`Unmount ${mounted.component}`}>Unmount</Button>
      </div>
      {stale && <Notice tone="warn" role="status" className="py-1 text-xs" data-testid="stale-version">{stale}</Notice>}
      <div>
        <p className="text-xs font-medium text-muted">State (live)</p>
        <pre tabIndex={0} className="max-h-48 overflow-auto rounded-md border border-line bg-surface p-2 font-mono text-xs" data-testid="component-state" aria-live="polite">
          {JSON.stringify(mounted.state, null, 2)}
        </pre>
      </div>
      <ActionForm mounted={mounted} spec={spec} actions={actions} prefill={prefill} />
      <PropertyForm mounted={mounted} spec={spec} actions={actions} />
      <RoomForm mounted={mounted} actions={actions} />
    </li>
  )
}

function ActionForm({ mounted, spec, actions, prefill }: Omit<Props, 'remount' | 'mountedVersion'>) {
  const id = useId()
  const suggestions = [...new Set([...(spec?.publicActions ?? []), ...(spec?.methods ?? [])])]
  const [action, setAction] = useState(prefill?.action ?? spec?.publicActions?.[0] ?? '')
  const [payload, setPayload] = useState(prefill?.payload ?? '')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const call = async () => {
    const parsed = parseJsonInput(payload)
    if (!parsed.ok) return setError(parsed.error)
    if (action.trim() === '') return setError('Name the action to call.')
    setError(null)
    setBusy(true)
    await actions.callAction(mounted.componentId, mounted.component, action.trim(), parsed.value)
    setBusy(false)
  }
  const listed = spec?.publicActions?.includes(action.trim())
  return (
    <fieldset className="grid gap-2 md:grid-cols-[minmax(0,10rem)_minmax(0,1fr)_auto] md:items-end">
      <legend className="mb-1 text-xs font-semibold">Call an action (any name, public or not)</legend>
      <Field label="Action" htmlFor={`${id}-action`} hint={action.trim() === '' ? undefined : listed ? 'in publicActions' : 'not in publicActions: watch the layers deny'}>
        <Input id={`${id}-action`} list={`${id}-actions`} value={action} onChange={(e) => setAction(e.target.value)} autoComplete="off" />
        <datalist id={`${id}-actions`}>{suggestions.map((s) => <option key={s} value={s} />)}</datalist>
      </Field>
      <Field label="Payload (JSON, optional)" htmlFor={`${id}-payload`} error={error}>
        <Textarea id={`${id}-payload`} rows={2} value={payload} onChange={(e) => setPayload(e.target.value)} placeholder='{"userId": "u-free"}' />
      </Field>
      <Button variant="primary" onClick={call} disabled={busy}>{busy ? 'Calling…' : 'Call'}</Button>
    </fieldset>
  )
}

function PropertyForm({ mounted, spec, actions }: Omit<Props, 'remount' | 'mountedVersion'>) {
  const id = useId()
  const [property, setProperty] = useState('')
  const [value, setValue] = useState('')
  const [error, setError] = useState<string | null>(null)
  const send = async () => {
    const parsed = parseJsonInput(value, { allowEmpty: false })
    if (!parsed.ok) return setError(parsed.error)
    if (property.trim() === '') return setError('Name the property.')
    setError(null)
    await actions.updateProperty(mounted.componentId, mounted.component, property.trim(), parsed.value)
  }
  return (
    <fieldset className="grid gap-2 md:grid-cols-[minmax(0,10rem)_minmax(0,1fr)_auto] md:items-end">
      <legend className="mb-1 text-xs font-semibold">PROPERTY_UPDATE</legend>
      <Field label="Property" htmlFor={`${id}-prop`} hint={spec ? `updatable: ${spec.updatableFields.join(', ') || 'none'}` : undefined}>
        <Input id={`${id}-prop`} list={`${id}-props`} value={property} onChange={(e) => setProperty(e.target.value)} autoComplete="off" />
        <datalist id={`${id}-props`}>{Object.keys(mounted.state).map((k) => <option key={k} value={k} />)}</datalist>
      </Field>
      <Field label="Value (JSON)" htmlFor={`${id}-value`} error={error}>
        <Input id={`${id}-value`} value={value} onChange={(e) => setValue(e.target.value)} placeholder="true" className="font-mono" />
      </Field>
      <Button onClick={send}>Send</Button>
    </fieldset>
  )
}

function RoomForm({ mounted, actions }: Pick<Props, 'mounted' | 'actions'>) {
  const id = useId()
  const [roomId, setRoomId] = useState(mounted.room ?? '')
  const [event, setEvent] = useState('message')
  const [data, setData] = useState('')
  const [error, setError] = useState<string | null>(null)
  const room = roomId.trim()
  const emit = () => {
    const parsed = parseJsonInput(data)
    if (!parsed.ok) return setError(parsed.error)
    setError(null)
    actions.emitRoom(mounted.componentId, room, event.trim() || 'message', parsed.value)
  }
  return (
    <fieldset className="space-y-2">
      <legend className="mb-1 text-xs font-semibold">Rooms</legend>
      <div className="grid gap-2 md:grid-cols-[minmax(0,1fr)_auto] md:items-end">
        <Field label="Room id" htmlFor={`${id}-room`}>
          <Input id={`${id}-room`} value={roomId} onChange={(e) => setRoomId(e.target.value)} placeholder="vip-lounge" />
        </Field>
        <div className="flex gap-1">
          <Button onClick={() => void actions.joinRoom(mounted.componentId, mounted.component, room)} disabled={room === ''}>Join</Button>
          <Button onClick={() => void actions.leaveRoom(mounted.componentId, room)} disabled={room === ''}>Leave</Button>
        </div>
      </div>
      <div className="grid gap-2 md:grid-cols-[minmax(0,8rem)_minmax(0,1fr)_auto] md:items-end">
        <Field label="Event" htmlFor={`${id}-event`}>
          <Input id={`${id}-event`} value={event} onChange={(e) => setEvent(e.target.value)} />
        </Field>
        <Field label="Data (JSON)" htmlFor={`${id}-data`} error={error}>
          <Input id={`${id}-data`} value={data} onChange={(e) => setData(e.target.value)} placeholder='{"text": "hi"}' className="font-mono" />
        </Field>
        <Button onClick={emit} disabled={room === ''}>Emit</Button>
      </div>
    </fieldset>
  )
}
