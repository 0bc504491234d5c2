'use client'

import { useId, useState } from 'react'
import type { ComponentsResponse, WorkspaceComponent } from '@/lib/api/decide'
import { Button } from '@/components/ui/button'
import { Field, Input, Select, Textarea } from '@/components/ui/field'
import { Notice } from '@/components/ui/notice'
import { parseJsonInput } from './json-input'
import type { LiveConnectionActions } from './session-actions'
import type { Loadable } from './use-studio-data'

/** The palette: pick a workspace component (or type any name), props and room, mount. */
export function MountForm({ components, actions, open, initialComponent }: { components: Loadable<ComponentsResponse>; actions: LiveConnectionActions; open: boolean; initialComponent?: string | undefined }) {
  const id = useId()
  const list = components.phase === 'ready' ? components.value.components : []
  const [name, setName] = useState(initialComponent ?? '')
  const [props, setProps] = useState('')
  const [room, setRoom] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const chosen = (list.some((c) => c.name === name) ? name : '') || list[0]?.name || ''
  const spec = list.find((c) => c.name === chosen)

  const mount = async () => {
    const parsed = parseJsonInput(props, { objectOnly: true })
    if (!parsed.ok) return setError(parsed.error)
    setError(null)
    setBusy(true)
    await actions.mount(chosen, parsed.value as Record<string, unknown> | undefined, room.trim() || undefined)
    setBusy(false)
  }

  return (
    <section aria-labelledby={`${id}-title`} className="space-y-2">
      <h3 id={`${id}-title`} className="text-sm font-semibold">Mount a component</h3>
      {components.phase === 'error' && <Notice tone="warn" role="alert">Component palette unavailable: {components.error}</Notice>}
      <div className="grid gap-2 lg:grid-cols-[minmax(0,12rem)_minmax(0,1fr)_minmax(0,8rem)_auto] lg:items-end">
        <Field label="Component" htmlFor={`${id}-name`}>
          <Select id={`${id}-name`} value={chosen} onChange={(e) => setName(e.target.value)} disabled={components.phase !== 'ready'}>
            {components.phase === 'loading' && <option>Loading…</option>}
            {list.map((c) => <option key={c.name} value={c.name}>{c.name}</option>)}
          </Select>
        </Field>
        <Field label="Props (JSON object, optional)" htmlFor={`${id}-props`} error={error}>
          <Textarea id={`${id}-props`} rows={1} value={props} onChange={(e) => setProps(e.target.value)} placeholder='{"channel": "general"}' aria-invalid={error !== null} aria-describedby={error ? `${id}-props-error` : undefined} />
        </Field>
        <Field label="Room (optional)" htmlFor={`${id}-room`}>
          <Input id={`${id}-room`} value={room} onChange={(e) => setRoom(e.target.value)} placeholder="vip-lounge" />
        </Field>
        <Button variant="primary" onClick={mount} disabled={!open || busy || chosen === ''}>{busy ? 'Mounting…' : 'Mount'}</Button>
      </div>
      {spec && <AuthSummary spec={spec} />}
    </section>
  )
}

function AuthSummary({ spec }: { spec: WorkspaceComponent }) {
  const a = spec.auth
  const parts = [
    a.required ? 'auth required' : 'no auth required',
    a.roles.length > 0 ? `roles: one of ${a.roles.join(', ')}` : '',
    a.permissions.length > 0 ? `permissions: all of ${a.permissions.join(', ')}` : '',
    a.hasAuthorize ? 'custom authorize()' : '',
  ].filter(Boolean)
  return (
    <p className="text-xs text-muted">
      <span className="font-mono">{spec.file}</span> · {parts.join(' · ')} · publicActions:{' '}
      <span className="font-mono">{spec.publicActions === null ? 'none declared' : `[${spec.publicActions.join(', ')}]`}</span>
    </p>
  )
}
