'use client'

/** Adds one rule test: persona x component x (mount | action [+ payload] | room) -> allow/deny [+ reason contains]. */
import { useState, type FormEvent } from 'react'
import { ruleTestSchema, type RuleTest } from '@/lib/rules/rule-tests'
import { Button } from '@/components/ui/button'
import type { MatrixResponse } from '@/lib/api/workspace'

const input = 'rounded border border-line bg-panel px-2 py-1 text-xs'

export function TestForm({ matrix, existing, onAdd }: { matrix: MatrixResponse | undefined; existing: readonly RuleTest[]; onAdd: (t: RuleTest) => void }) {
  const personas = matrix?.personas ?? []
  const components = [...new Set(matrix?.columns.map((c) => c.component) ?? [])]
  const [persona, setPersona] = useState(personas[0]?.id ?? '')
  const [kind, setKind] = useState<RuleTest['kind']>('mount')
  const [component, setComponent] = useState(components[0] ?? '')
  const [action, setAction] = useState('')
  const [payload, setPayload] = useState('')
  const [roomId, setRoomId] = useState('')
  const [expect, setExpect] = useState<RuleTest['expect']>('allow')
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string | undefined>()
  const actions = matrix?.columns.filter((c) => c.component === component && c.kind === 'action').map((c) => c.action ?? '') ?? []

  const submit = (e: FormEvent) => {
    e.preventDefault()
    let parsedPayload: unknown
    if (kind === 'action' && payload.trim() !== '') {
      try {
        parsedPayload = JSON.parse(payload)
      } catch {
        return setError('The payload is not valid JSON.')
      }
    }
    const target = kind === 'room' ? roomId : kind === 'mount' ? component : `${component}-${action}`
    let id = `${persona}-${target}-${expect}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-')
    for (let n = 2; existing.some((t) => t.id === id); n++) id = `${id.replace(/-\d+$/, '')}-${n}`
    const candidate = {
      id, persona, kind, expect,
      ...(kind === 'room' ? { roomId } : { component }),
      ...(kind === 'action' ? { action: action || actions[0] || '' } : {}),
      ...(parsedPayload === undefined ? {} : { payload: parsedPayload }),
      ...(expect === 'deny' && reason.trim() ? { reasonContains: reason.trim() } : {}),
    }
    const checked = ruleTestSchema.safeParse(candidate)
    if (!checked.success) return setError(checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '))
    setError(undefined)
    onAdd(checked.data)
  }

  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-2 rounded-md border border-dashed border-line p-2" aria-label="Add a rule test">
      <label className="flex flex-col text-xs text-muted">Persona
        <select className={input} value={persona} onChange={(e) => setPersona(e.target.value)}>
          {personas.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}
        </select>
      </label>
      <label className="flex flex-col text-xs text-muted">Kind
        <select className={input} value={kind} onChange={(e) => setKind(e.target.value as RuleTest['kind'])}>
          <option value="mount">mount</option>
          <option value="action">action</option>
          <option value="room">room join</option>
        </select>
      </label>
      {kind !== 'room' ? (
        <label className="flex flex-col text-xs text-muted">Component
          <select className={input} value={component} onChange={(e) => setComponent(e.target.value)}>
            {components.map((c) => <option key={c}>{c}</option>)}
          </select>
        </label>
      ) : (
        <label className="flex flex-col text-xs text-muted">Room id
          <input className={input} value={roomId} onChange={(e) => setRoomId(e.target.value)} placeholder="vip-lounge" />
        </label>
      )}
      {kind === 'action' && (
        <>
          <label className="flex flex-col text-xs text-muted">Action
            <select className={input} value={action || actions[0] || ''} onChange={(e) => setAction(e.target.value)}>
              {actions.map((a) => <option key={a}>{a}</option>)}
            </select>
          </label>
          <label className="flex flex-col text-xs text-muted">Payload (JSON)
            <input className={`${input} font-mono`} value={payload} onChange={(e) => setPayload(e.target.value)} placeholder='{"userId":"u-free"}' />
          </label>
        </>
      )}
      <label className="flex flex-col text-xs text-muted">Expect
        <select className={input} value={expect} onChange={(e) => setExpect(e.target.value as RuleTest['expect'])}>
          <option value="allow">allow</option>
          <option value="deny">deny</option>
        </select>
      </label>
      {expect === 'deny' && (
        <label className="flex flex-col text-xs text-muted">Reason contains
          <input className={input} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="optional" />
        </label>
      )}
      <Button type="submit" variant="primary" className="text-xs">Add test</Button>
      {error && <p role="alert" className="w-full text-xs text-deny">{error}</p>}
    </form>
  )
}
