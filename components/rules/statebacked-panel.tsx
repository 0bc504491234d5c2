'use client'

/**
 * State Backed simulator: a machine's allowRead / allowWrite (saved version)
 * against an instance (name, state, context), a request (read, write with an
 * event, initialization) and a token (a persona's, act-wrapped, or a pasted payload).
 */
import { useState, type FormEvent, type ReactNode } from 'react'
import { Button } from '@/components/ui/button'
import { Field, Input, Select, Textarea } from '@/components/ui/field'
import { Badge, Notice } from '@/components/ui/notice'
import type { PanelProps } from './panel-props'
import { starterText } from './file-tree-model'
import {
  applyPreset, buildSimRequest, EMPTY_FORM, jsonFieldError, presetsFor, stateBackedPayloadOf, type SimForm, type SimKind,
} from './statebacked-model'
import { SimResult } from './statebacked-result'
import { useStateBacked } from './use-statebacked'

const KINDS: readonly { id: SimKind; label: string }[] = [
  { id: 'read', label: 'Read (allowRead)' },
  { id: 'write', label: 'Write an event (allowWrite)' },
  { id: 'initialization', label: 'Initialization (allowWrite)' },
]

const describedBy = (id: string, error: string | undefined) => (error ? `${id}-error` : `${id}-hint`)

function RadioRow({ legend, children }: { legend: string; children: ReactNode }) {
  return (
    <fieldset className="min-w-0">
      <legend className="mb-1 text-xs font-medium text-muted">{legend}</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-1 text-sm">{children}</div>
    </fieldset>
  )
}

export function StateBackedPanel({ ws }: PanelProps) {
  const sb = useStateBacked(ws.savedTick)
  const [form, setForm] = useState<SimForm>(EMPTY_FORM)
  const [attempted, setAttempted] = useState(false)
  const set = (patch: Partial<SimForm>) => setForm((f) => ({ ...f, ...patch }))

  if (sb.machines.status === 'loading') return <p role="status" className="text-sm text-muted">Loading machines…</p>
  if (sb.machines.status === 'error') return <Notice tone="deny" role="alert">Could not list the machines: {sb.machines.error}</Notice>
  const machines = sb.machines.value.machines
  if (machines.length === 0) {
    const path = 'machines/example.ts'
    return (
      <Notice className="space-y-2" data-testid="sb-empty">
        <p>
          This workspace (saved version {sb.machines.value.version}) has no State Backed machines. A machine is a file under{' '}
          <span className="font-mono">machines/</span> that exports <span className="font-mono">allowRead</span> and{' '}
          <span className="font-mono">allowWrite</span>; add one and save to simulate it here.
        </p>
        {!Object.hasOwn(ws.draft, path) && (
          <Button onClick={() => ws.replaceFiles({ ...ws.draft, [path]: starterText(path) }, path)}>Add {path} to the draft</Button>
        )}
      </Notice>
    )
  }

  const personas = sb.personas.status === 'ready' ? sb.personas.value : []
  const machine = machines.some((m) => m.name === form.machine) ? form.machine : (machines[0]?.name ?? '')
  const persona = form.persona === '' ? personas[0]?.id ?? '' : form.persona
  const effective: SimForm = { ...form, machine, persona }
  const built = buildSimRequest(effective, personas)
  const submitErrors = attempted && !built.ok ? built.errors : {}
  const errors = {
    ...submitErrors,
    state: jsonFieldError(form.state),
    context: jsonFieldError(form.context, { objectOnly: true }),
    event: form.kind === 'write' ? (jsonFieldError(form.event) ?? submitErrors.event) : undefined,
    payload: form.source === 'payload' ? (jsonFieldError(form.payload, { objectOnly: true }) ?? submitErrors.payload) : undefined,
  }
  const picked = machines.find((m) => m.name === machine)
  const pickedPersona = personas.find((p) => p.id === persona)
  const presets = presetsFor(machines.map((m) => m.name))

  const submit = (e: FormEvent) => {
    e.preventDefault()
    setAttempted(true)
    if (!built.ok) return
    const hook = form.kind === 'read' ? 'allowRead' : 'allowWrite'
    void sb.execute(built.body, `${machine}.${hook} on '${built.body.instance.name}' (${form.kind})`)
  }

  return (
    // grid-cols-1 (a minmax(0, 1fr) track) below xl: an implicit auto track grew to the token payload's one long line.
    <div className="grid grid-cols-1 gap-4 xl:grid-cols-[minmax(0,30rem)_minmax(0,1fr)]">
      <form onSubmit={submit} className="min-w-0 space-y-3" aria-label="Simulate a State Backed request" noValidate>
        <p className="text-xs text-muted">
          Runs the saved version {sb.machines.value.version}
          {ws.isDirty ? ' (unsaved changes in the editor are not included: save first)' : ''}. Only a boolean true allows.
        </p>
        {presets.length > 0 && (
          <div className="space-y-1">
            <p className="text-xs font-medium text-muted">Demo cases</p>
            <div className="flex flex-wrap gap-1.5">
              {presets.map((p) => (
                <Button key={p.id} variant="ghost" className="border border-line px-2 py-1 text-xs" onClick={() => { setForm(applyPreset(form, p)); setAttempted(false) }}>
                  {p.label} <Badge tone={p.expect}>{p.expect}</Badge>
                </Button>
              ))}
            </div>
          </div>
        )}
        <div className="grid grid-cols-2 gap-3">
          <Field label="Machine" htmlFor="sb-machine" hint={picked ? `${picked.file}: ${[picked.hasRead && 'allowRead', picked.hasWrite && 'allowWrite'].filter(Boolean).join(', ') || 'no authorizers'}` : undefined}>
            <Select id="sb-machine" value={machine} onChange={(e) => set({ machine: e.target.value })} aria-describedby="sb-machine-hint">
              {machines.map((m) => <option key={m.name} value={m.name}>{m.name}</option>)}
            </Select>
          </Field>
          <Field label="Instance name" htmlFor="sb-instance" hint="machineInstanceName" error={errors.instance}>
            <Input id="sb-instance" value={form.instance} onChange={(e) => set({ instance: e.target.value })} placeholder="u-pro" aria-invalid={errors.instance ? true : undefined} aria-describedby={describedBy('sb-instance', errors.instance)} />
          </Field>
        </div>
        <RadioRow legend="Request">
          {KINDS.map((k) => (
            <label key={k.id} className="inline-flex items-center gap-1.5">
              <input type="radio" name="sb-kind" value={k.id} checked={form.kind === k.id} onChange={() => set({ kind: k.id })} />
              {k.label}
            </label>
          ))}
        </RadioRow>
        {form.kind === 'write' && (
          <Field label="Event (JSON)" htmlFor="sb-event" hint='e.g. {"type": "rename"}' error={errors.event}>
            <Textarea id="sb-event" rows={3} value={form.event} onChange={(e) => set({ event: e.target.value })} aria-invalid={errors.event ? true : undefined} aria-describedby={describedBy('sb-event', errors.event)} />
          </Field>
        )}
        <div className="grid grid-cols-2 gap-3">
          <Field label="State (JSON)" htmlFor="sb-state" hint={form.kind === 'initialization' ? 'Not sent: there is no state before initialization.' : 'Optional, e.g. "idle".'} error={errors.state}>
            <Textarea id="sb-state" rows={4} value={form.state} onChange={(e) => set({ state: e.target.value })} aria-invalid={errors.state ? true : undefined} aria-describedby={describedBy('sb-state', errors.state)} />
          </Field>
          <Field label="Context (JSON object)" htmlFor="sb-context" hint='Optional, e.g. {"allowedGroups": ["design"]}' error={errors.context}>
            <Textarea id="sb-context" rows={4} value={form.context} onChange={(e) => set({ context: e.target.value })} aria-invalid={errors.context ? true : undefined} aria-describedby={describedBy('sb-context', errors.context)} />
          </Field>
        </div>
        <RadioRow legend="Token">
          <label className="inline-flex items-center gap-1.5">
            <input type="radio" name="sb-source" checked={form.source === 'persona'} onChange={() => set({ source: 'persona' })} />
            A persona&apos;s State Backed token
          </label>
          <label className="inline-flex items-center gap-1.5">
            <input type="radio" name="sb-source" checked={form.source === 'payload'} onChange={() => set({ source: 'payload' })} />
            Paste a token payload
          </label>
        </RadioRow>
        {form.source === 'persona' ? (
          <Field label="Persona" htmlFor="sb-persona" hint="Its claims signed inside act, as @statebacked/token signToken does." error={errors.persona ?? (sb.personas.status === 'error' ? sb.personas.error : undefined)}>
            <Select id="sb-persona" value={persona} onChange={(e) => set({ persona: e.target.value })} disabled={sb.personas.status !== 'ready'} aria-describedby={describedBy('sb-persona', errors.persona)}>
              {sb.personas.status === 'loading' && <option value="">Loading personas…</option>}
              {personas.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}
            </Select>
            {pickedPersona && (
              <pre tabIndex={0} className="max-h-28 overflow-auto rounded-md border border-line bg-surface p-2 font-mono text-xs" aria-label="Token payload">{JSON.stringify(stateBackedPayloadOf(pickedPersona))}</pre>
            )}
          </Field>
        ) : (
          <Field label="Token payload (JSON object)" htmlFor="sb-payload" hint="authContext is its act claim (a top-level sub fills in when act has none)." error={errors.payload}>
            <Textarea id="sb-payload" rows={4} value={form.payload} onChange={(e) => set({ payload: e.target.value })} aria-invalid={errors.payload ? true : undefined} aria-describedby={describedBy('sb-payload', errors.payload)} />
          </Field>
        )}
        <Button type="submit" variant="primary" disabled={sb.run.status === 'running'}>
          {sb.run.status === 'running' ? 'Running…' : 'Run'}
        </Button>
      </form>
      <div className="min-w-0" aria-live="polite">
        {sb.run.status === 'idle' && <p className="text-sm text-muted">Pick a demo case or fill in the request, then Run.</p>}
        {sb.run.status === 'running' && <p role="status" className="text-sm text-muted">Asking the sandbox…</p>}
        {sb.run.status === 'error' && <Notice tone="deny" role="alert">{sb.run.error}</Notice>}
        {sb.run.status === 'done' && <SimResult result={sb.run.value} title={sb.run.title} />}
      </div>
    </div>
  )
}
