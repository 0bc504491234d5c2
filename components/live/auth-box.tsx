'use client'

import { useId, useState } from 'react'
import { Button } from '@/components/ui/button'
import { Field, Input, Select } from '@/components/ui/field'
import { Notice } from '@/components/ui/notice'
import { mintPersonaToken, type PersonaView } from './studio-api'
import type { ConnectionView } from './connection-model'
import type { LiveConnectionActions } from './session-actions'
import type { Loadable } from './use-studio-data'

type Mode = 'persona' | 'paste' | 'anonymous'

/** AUTH for one connection: a persona's token minted on the spot, a pasted token, or anonymous. */
export function AuthBox({ view, personas, actions, initialPersona }: { view: ConnectionView; personas: Loadable<PersonaView[]>; actions: LiveConnectionActions; initialPersona?: string | undefined }) {
  const id = useId()
  const [mode, setMode] = useState<Mode>('persona')
  const [persona, setPersona] = useState(initialPersona ?? '')
  const [pasted, setPasted] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const open = view.status === 'open'
  const list = personas.phase === 'ready' ? personas.value : []
  const chosen = (list.some((p) => p.id === persona) ? persona : '') || list.find((p) => p.claims !== null)?.id || ''

  const run = async (work: () => Promise<void>) => {
    setBusy(true)
    setError(null)
    try {
      await work()
    } finally {
      setBusy(false)
    }
  }

  const authenticate = () => run(async () => {
    if (mode === 'anonymous') {
      await actions.authenticate(undefined, 'anonymous')
      return
    }
    if (mode === 'paste') {
      if (pasted.trim() === '') return setError('Paste a token first.')
      await actions.authenticate(pasted.trim(), 'pasted token')
      return
    }
    const p = list.find((x) => x.id === chosen)
    if (!p) return setError('Choose a persona.')
    if (p.claims === null) {
      await actions.authenticate(undefined, 'anonymous')
      return
    }
    const minted = await mintPersonaToken(p.id)
    if (!minted.ok) return setError(`Could not mint a token for ${p.label}: ${minted.error}`)
    await actions.authenticate(minted.value, `persona ${p.id}`, p.id)
  })

  return (
    <section aria-labelledby={`${id}-title`} className="space-y-2">
      <h3 id={`${id}-title`} className="text-sm font-semibold">Authentication</h3>
      <div className="flex flex-wrap items-end gap-2">
        <Field label="Credentials" htmlFor={`${id}-mode`} className="w-44">
          <Select id={`${id}-mode`} value={mode} onChange={(e) => setMode(e.target.value as Mode)}>
            <option value="persona">Persona token</option>
            <option value="paste">Pasted token</option>
            <option value="anonymous">Anonymous</option>
          </Select>
        </Field>
        {mode === 'persona' && (
          <Field label="Persona" htmlFor={`${id}-persona`} className="w-48">
            <Select id={`${id}-persona`} value={chosen} onChange={(e) => setPersona(e.target.value)} disabled={personas.phase !== 'ready'}>
              {personas.phase === 'loading' && <option>Loading…</option>}
              {list.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}
            </Select>
          </Field>
        )}
        {mode === 'paste' && (
          <Field label="Token (sent only inside AUTH, masked in the log)" htmlFor={`${id}-token`} className="min-w-[14rem] flex-1">
            <Input id={`${id}-token`} type="password" autoComplete="off" value={pasted} onChange={(e) => setPasted(e.target.value)} placeholder="eyJ…" />
          </Field>
        )}
        <Button variant="primary" onClick={authenticate} disabled={!open || busy}>
          {busy ? 'Authenticating…' : mode === 'anonymous' ? 'Send empty AUTH' : 'Authenticate'}
        </Button>
        <Button onClick={() => run(async () => { await actions.authenticate(undefined, 'anonymous') })} disabled={!open || busy || !view.auth.authenticated}>
          Log out
        </Button>
      </div>
      {personas.phase === 'error' && <Notice tone="warn" role="alert">Personas unavailable: {personas.error}</Notice>}
      {error && <Notice tone="deny" role="alert">{error}</Notice>}
      <SessionView view={view} />
    </section>
  )
}

function SessionView({ view }: { view: ConnectionView }) {
  if (view.status !== 'open') return null
  if (!view.auth.authenticated) {
    return <p className="text-sm text-muted" data-testid="auth-state">Anonymous: <span className="font-mono">$auth.authenticated = false</span></p>
  }
  return (
    <div className="space-y-1" data-testid="auth-state">
      <p className="text-sm">
        <span className="font-medium text-allow">Authenticated</span>
        {view.authSource && <span className="text-muted"> via {view.authSource}</span>}
        <span className="text-muted"> · session the server returned:</span>
      </p>
      <pre tabIndex={0} className="max-h-40 overflow-auto rounded-md border border-line bg-surface p-2 font-mono text-xs">{JSON.stringify(view.auth.session, null, 2)}</pre>
    </div>
  )
}
