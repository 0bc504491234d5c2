'use client'

/** Composer forms for an auth/rules.ts export (rule or factory) and for a component's rule (reference or inline). */
import { Button } from '@/components/ui/button'
import { Field, Input, Select } from '@/components/ui/field'
import type { FactoryParam } from '@/lib/rules'
import { contextOfType, issuesFor, refMismatch, type ComponentRuleForm, type ExportForm, type ExportInfo, type Issue, type RuleContext } from './composer-form'
import { RuleFields } from './composer-rule-fields'
import type { Hints } from './composer-target'

const invalid = (error: string | undefined, id: string) => (error ? { 'aria-invalid': true, 'aria-describedby': `${id}-error` } : {})

export function ExportFields({ form, onChange, hints, issues }: { form: ExportForm; onChange: (f: ExportForm) => void; hints: Hints; issues: readonly Issue[] }) {
  const set = (patch: Partial<ExportForm>) => onChange({ ...form, ...patch })
  const setParam = (i: number, patch: Partial<ExportForm['params'][number]>) => set({ params: form.params.map((p, k) => (k === i ? { ...p, ...patch } : p)) })
  const nameError = issuesFor(issues, 'name')
  return (
    <div className="space-y-3">
      <div className="grid grid-cols-[auto_minmax(0,1fr)] items-end gap-x-4 gap-y-2">
        <Field label="Export name" htmlFor="composer-name" error={nameError} className="col-span-2">
          <Input id="composer-name" value={form.name} onChange={(e) => set({ name: e.target.value })} className="font-mono" placeholder={form.kind === 'factory' ? 'ownerOnly' : 'editorsOnly'} autoComplete="off" spellCheck={false} {...invalid(nameError, 'composer-name')} />
        </Field>
        <fieldset className="space-y-1">
          <legend className="text-xs font-medium text-muted">Kind</legend>
          <div className="flex gap-3 pt-1.5 text-sm">
            {(['rule', 'factory'] as const).map((k) => (
              <label key={k} className="inline-flex items-center gap-1.5">
                <input type="radio" name="composer-kind" value={k} checked={form.kind === k} onChange={() => set({ kind: k })} className="accent-accent" />
                {k === 'rule' ? 'Rule object' : 'Factory'}
              </label>
            ))}
          </div>
        </fieldset>
        <Field label="Type" htmlFor="composer-type">
          <Select id="composer-type" value={form.type} onChange={(e) => set({ type: e.target.value as ExportForm['type'] })}>
            <option value="">(none)</option>
            <option value="LiveComponentAuth">LiveComponentAuth</option>
            <option value="LiveActionAuth">LiveActionAuth</option>
          </Select>
        </Field>
      </div>
      {form.kind === 'factory' && (
        <fieldset className="space-y-2 rounded-md border border-line p-2">
          <legend className="px-1 text-xs font-medium text-muted">Parameters (string, with a default)</legend>
          {form.params.length === 0 && <p className="text-xs text-muted">No parameters: the factory is called as <code className="font-mono">{form.name || 'name'}()</code>.</p>}
          {form.params.map((p, i) => {
            const error = issuesFor(issues, `param-${i}`)
            return (
              <div key={i} className="grid grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto] items-end gap-2">
                <Field label={`Parameter ${i + 1} name`} htmlFor={`composer-param-${i}`} error={error}>
                  <Input id={`composer-param-${i}`} value={p.name} onChange={(e) => setParam(i, { name: e.target.value })} className="font-mono" spellCheck={false} {...invalid(error, `composer-param-${i}`)} />
                </Field>
                <Field label={`Parameter ${i + 1} default`} htmlFor={`composer-param-${i}-default`}>
                  <Input id={`composer-param-${i}-default`} value={p.default} onChange={(e) => setParam(i, { default: e.target.value })} className="font-mono" spellCheck={false} />
                </Field>
                <Button variant="ghost" aria-label={`Remove parameter ${i + 1}`} onClick={() => set({ params: form.params.filter((_, k) => k !== i) })}>Remove</Button>
              </div>
            )
          })}
          <Button onClick={() => set({ params: [...form.params, { name: '', default: '' }] })} className="text-xs">Add parameter</Button>
        </fieldset>
      )}
      <RuleFields id="composer-rule" form={form.rule} onChange={(rule) => set({ rule })} hints={hints} params={form.kind === 'factory' ? form.params.map((p) => p.name.trim()).filter(Boolean) : []} issues={issues} context={contextOfType(form.type)} />
    </div>
  )
}

export function ComponentFields({ form, onChange, exports, hints, issues, context }: {
  form: ComponentRuleForm; onChange: (f: ComponentRuleForm) => void; exports: readonly ExportInfo[]; hints: Hints; issues: readonly Issue[]
  /** 'mount' for `static auth`, 'action' for an actionAuth entry. */
  context: RuleContext
}) {
  const set = (patch: Partial<ComponentRuleForm>) => onChange({ ...form, ...patch })
  const info = exports.find((e) => e.name === form.ref)
  const refError = issuesFor(issues, 'ref')
  const argsError = issuesFor(issues, 'args')
  return (
    <div className="space-y-3">
      <fieldset className="space-y-1">
        <legend className="text-xs font-medium text-muted">Rule</legend>
        <div className="flex flex-wrap gap-3 text-sm">
          <label className="inline-flex items-center gap-1.5">
            <input type="radio" name="composer-source" checked={form.source === 'ref'} onChange={() => set({ source: 'ref' })} className="accent-accent" />
            Use an export of auth/rules.ts
          </label>
          <label className="inline-flex items-center gap-1.5">
            <input type="radio" name="composer-source" checked={form.source === 'inline'} onChange={() => set({ source: 'inline' })} className="accent-accent" />
            Inline rule
          </label>
        </div>
      </fieldset>
      {form.source === 'ref' ? (
        <div className="grid gap-2 sm:grid-cols-2">
          <Field label="Export" htmlFor="composer-ref" error={refError}>
            <Select id="composer-ref" value={form.ref} onChange={(e) => set({ ref: e.target.value })} {...invalid(refError, 'composer-ref')}>
              <option value="">Pick an export…</option>
              {exports.map((e) => {
                // An action rule (its authorize takes a payload) does not fit a mount: offered, but not pickable.
                const off = refMismatch(e, context) !== undefined
                const label = `${e.factory ? `${e.name}(…)` : e.name}${off ? ' (action rule)' : ''}`
                return <option key={e.name} value={e.name} disabled={off && form.ref !== e.name}>{label}</option>
              })}
            </Select>
          </Field>
          {info?.factory && <FactoryArgs params={info.params} args={form.args} onChange={(args) => set({ args })} error={argsError} />}
          {exports.length === 0 && <p className="text-xs text-muted sm:col-span-2">auth/rules.ts exports nothing yet: create a rule first, or write this one inline.</p>}
        </div>
      ) : (
        <RuleFields id="composer-inline" form={form.rule} onChange={(rule) => set({ rule })} hints={hints} params={[]} issues={issues} context={context} />
      )}
    </div>
  )
}

/** One input per factory parameter, labelled with its name; an empty input uses the default. */
function FactoryArgs({ params, args, onChange, error }: { params: readonly FactoryParam[]; args: readonly string[]; onChange: (args: string[]) => void; error: string | undefined }) {
  // Arguments read back from code may outnumber the declared parameters: they are shown too, to be removed.
  const count = Math.max(params.length, args.length)
  const setAt = (i: number, value: string) => onChange(Array.from({ length: count }, (_, k) => (k === i ? value : (args[k] ?? ''))))
  if (count === 0) return <p className="self-end text-xs text-muted">This factory declares no parameters: it is called with ().</p>
  return (
    <fieldset className="min-w-0 space-y-1 sm:col-span-2" aria-describedby={error ? 'composer-args-error' : 'composer-args-hint'}>
      <legend className="text-xs font-medium text-muted">Arguments</legend>
      <div className="grid gap-2 sm:grid-cols-2">
        {Array.from({ length: count }, (_, i) => {
          const param = params[i]
          const id = `composer-arg-${i}`
          return (
            <div key={id} className="min-w-0 space-y-1">
              <label htmlFor={id} className="block font-mono text-xs text-muted">{param ? param.name : `argument ${i + 1} (not declared)`}</label>
              <Input id={id} value={args[i] ?? ''} onChange={(e) => setAt(i, e.target.value)} className="font-mono" spellCheck={false}
                placeholder={param ? param.default : ''} aria-invalid={error ? true : undefined} />
            </div>
          )
        })}
      </div>
      {error ? (
        <p id="composer-args-error" role="alert" className="text-xs text-deny">{error}</p>
      ) : (
        <p id="composer-args-hint" className="text-xs text-muted">Each argument is passed as a string; leave one empty for its default.</p>
      )}
    </fieldset>
  )
}
