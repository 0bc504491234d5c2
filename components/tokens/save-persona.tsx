'use client'

import { useState, type FormEvent } from 'react'
import { Button } from '@/components/ui/button'
import { Field, Input } from '@/components/ui/field'
import type { PersonaRecord } from '@/lib/store/model/persona'
import { api, errorText } from './api'
import type { Claims } from './claims-model'

const KINDS = new Set(['bot', 'device', 'service'])

/** Saves the claim set as a persona of the workspace (POST /api/personas). */
export function SavePersona({ claims }: { claims: Claims }) {
  const [id, setId] = useState('')
  const [label, setLabel] = useState('')
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const type = typeof claims.type === 'string' && KINDS.has(claims.type) ? (claims.type as PersonaRecord['kind']) : 'user'
    try {
      await api.savePersona({ id, label: label || id, description: 'Saved from the token lab', kind: type, claims })
      setMessage({ tone: 'ok', text: `Saved persona "${id}".` })
    } catch (e) {
      setMessage({ tone: 'error', text: errorText(e) })
    }
  }
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-2 border-t border-line pt-3" aria-label="Save as persona">
      <Field label="Persona id" htmlFor="persona-id" className="w-48">
        <Input id="persona-id" value={id} required pattern="[a-z0-9][a-z0-9-]{0,62}" title="lowercase words joined by -" onChange={(e) => setId(e.target.value)} placeholder="my-persona" />
      </Field>
      <Field label="Label" htmlFor="persona-label" className="w-56">
        <Input id="persona-label" value={label} onChange={(e) => setLabel(e.target.value)} placeholder="My persona" />
      </Field>
      <Button type="submit">Save as persona</Button>
      <p aria-live="polite" className={message?.tone === 'error' ? 'text-xs text-deny' : 'text-xs text-allow'}>
        {message?.text}
      </p>
    </form>
  )
}
