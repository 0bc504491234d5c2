'use client'

/** The rule part of the composer form: required, roles (OR), permissions (AND) and authorize. */
import { ChipsInput } from '@/components/ui/chips-input'
import { Field, Input, Select, Textarea } from '@/components/ui/field'
import { cn } from '@/lib/utils'
import { AUTHORIZE_MODES, issuesFor, writesRequired, type AuthorizeForm, type AuthorizeMode, type Issue, type RuleContext, type RuleForm } from './composer-form'
import type { Hints } from './composer-target'

interface Props {
  readonly id: string
  readonly form: RuleForm
  readonly onChange: (form: RuleForm) => void
  readonly hints: Hints
  /** Factory parameter names, offered as `{name}` values. */
  readonly params: readonly string[]
  readonly issues: readonly Issue[]
  /** Where the rule is used: a mount rule has `required`, an action rule a payload. */
  readonly context: RuleContext
}

const REQUIRED = [
  { id: 'yes', label: 'true', hint: 'signed in' },
  { id: 'no', label: 'false', hint: 'anonymous allowed' },
  { id: 'unset', label: 'not set', hint: 'omitted' },
] as const

export function RuleFields({ id, form, onChange, hints, params, issues, context }: Props) {
  const refs = params.map((p) => `{${p}}`)
  const set = (patch: Partial<RuleForm>) => onChange({ ...form, ...patch })
  return (
    <div className="space-y-3">
      {!writesRequired(context) ? (
        <p className="text-xs text-muted" data-testid="composer-no-required">
          <span className="font-mono">required</span> is not part of an action rule (LiveActionAuth has none): the component&apos;s
          <span className="font-mono"> static auth</span> decides who may mount it.
        </p>
      ) : (
        <fieldset className="space-y-1">
          <legend className="text-xs font-medium text-muted">required</legend>
          <div className="flex flex-wrap gap-3 text-sm">
            {REQUIRED.map((r) => (
              <label key={r.id} className="inline-flex items-center gap-1.5">
                <input type="radio" name={`${id}-required`} value={r.id} checked={form.required === r.id} onChange={() => set({ required: r.id })} className="accent-accent" />
                <span className="font-mono">{r.label}</span>
                <span className="text-xs text-muted">({r.hint})</span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <ChipList id={`${id}-roles`} label="Roles (any one of them: OR)" values={form.roles} onChange={(roles) => set({ roles })} params={refs} suggestions={hints.roles} error={issuesFor(issues, 'roles')} placeholder="admin" />
      <ChipList id={`${id}-permissions`} label="Permissions (all of them: AND)" values={form.permissions} onChange={(permissions) => set({ permissions })} params={refs} suggestions={hints.permissions} error={issuesFor(issues, 'permissions')} placeholder="content.write" />
      <AuthorizeFields id={`${id}-authorize`} form={form.authorize} onChange={(authorize) => set({ authorize })} hints={hints} params={params} issues={issues} context={context} />
      {params.length > 0 && (
        <p className="text-xs text-muted" data-testid="composer-param-hint">
          In roles, permissions, the owner field and the flag, type <code className="font-mono">{refs[0]}</code> to use a factory parameter;
          in a hand-written function it is a variable: write <code className="font-mono">{params[0]}</code>.
        </p>
      )}
    </div>
  )
}

/** ChipsInput with one-click suggestions (what personas hold) and an error line. */
export function ChipList({ id, label, values, onChange, suggestions, params = [], source = 'Personas hold', error, placeholder }: {
  id: string; label: string; values: readonly string[]; onChange: (v: string[]) => void; suggestions: readonly string[]; params?: readonly string[]; source?: string; error?: string | undefined; placeholder?: string
}) {
  const fresh = (list: readonly string[]) => [...new Set(list)].filter((s) => !values.includes(s)).slice(0, 12)
  const groups = [{ title: 'Parameters', items: fresh(params) }, { title: source, items: fresh(suggestions) }].filter((g) => g.items.length > 0)
  return (
    <div className="space-y-1">
      <ChipsInput id={id} label={label} values={values} onChange={onChange} placeholder={placeholder} />
      {groups.map((g) => (
        <div key={g.title} className="flex flex-wrap items-center gap-1" role="group" aria-label={`${g.title}: suggestions for ${label}`}>
          <span className="text-xs text-muted">{g.title}:</span>
          {g.items.map((s) => (
            <button key={s} type="button" onClick={() => onChange([...values, s])} aria-label={`Add ${s}`} className="rounded border border-dashed border-line px-1.5 py-0.5 font-mono text-[11px] text-muted hover:border-accent hover:text-accent focus-visible:border-accent">
              + {s}
            </button>
          ))}
        </div>
      ))}
      {error && <p id={`${id}-error`} role="alert" className="text-xs text-deny">{error}</p>}
    </div>
  )
}

function AuthorizeFields({ id, form, onChange, hints, params, issues, context }: {
  id: string; form: AuthorizeForm; onChange: (f: AuthorizeForm) => void; hints: Hints; params: readonly string[]; issues: readonly Issue[]; context: RuleContext
}) {
  const refs = params.map((p) => `{${p}}`)
  const set = (patch: Partial<AuthorizeForm>) => onChange({ ...form, ...patch })
  const err = (field: string) => issuesFor(issues, field)
  const described = (field: string) => (err(field) ? { 'aria-invalid': true, 'aria-describedby': `${id}-${field}-error` } : {})
  return (
    <div className="space-y-2 rounded-md border border-line p-2">
      <Field label="authorize" htmlFor={`${id}-mode`} hint={writesRequired(context) ? 'Runs after required, roles and permissions.' : 'Runs after roles and permissions.'}>
        <Select id={`${id}-mode`} value={form.mode} onChange={(e) => set({ mode: e.target.value as AuthorizeMode })}>
          {AUTHORIZE_MODES.map((m) => {
            // A mount rule gets no payload: the owner check is for action rules.
            const off = m.id === 'owner' && context === 'mount'
            return <option key={m.id} value={m.id} disabled={off && form.mode !== 'owner'}>{off ? `${m.label} (action rules only)` : m.label}</option>
          })}
        </Select>
      </Field>
      {form.mode === 'owner' && (
        <Field label="Payload field that must equal the caller's id" htmlFor={`${id}-owner-field`} error={err('owner-field')}>
          <Input id={`${id}-owner-field`} list={`${id}-owner-list`} value={form.ownerField} onChange={(e) => set({ ownerField: e.target.value })} className="font-mono" {...described('owner-field')} />
          <datalist id={`${id}-owner-list`}>{[...refs, ...hints.payloadFields].map((f) => <option key={f} value={f} />)}</datalist>
        </Field>
      )}
      {form.mode === 'plan' && (
        <ChipList id={`${id}-plans`} label="Plans allowed (db.getUserPlan, any one)" values={form.plans} onChange={(plans) => set({ plans })} suggestions={hints.plans} source="Plans in data/db.ts" error={err('plans')} placeholder="pro" />
      )}
      {form.mode === 'feature-flag' && (
        <Field label="Flag the session's flags must include" htmlFor={`${id}-flag`} error={err('flag')}>
          <Input id={`${id}-flag`} list={`${id}-flag-list`} value={form.flag} onChange={(e) => set({ flag: e.target.value })} className="font-mono" placeholder="beta-dashboard" {...described('flag')} />
          <datalist id={`${id}-flag-list`}>{[...refs, ...hints.flags].map((f) => <option key={f} value={f} />)}</datalist>
        </Field>
      )}
      {form.mode === 'time-window' && (
        <div className="grid grid-cols-3 gap-2">
          <Field label="From hour (0–24)" htmlFor={`${id}-from-hour`} error={err('from-hour')}>
            <Input id={`${id}-from-hour`} inputMode="numeric" value={form.fromHour} onChange={(e) => set({ fromHour: e.target.value })} {...described('from-hour')} />
          </Field>
          <Field label="To hour (exclusive)" htmlFor={`${id}-to-hour`} error={err('to-hour')}>
            <Input id={`${id}-to-hour`} inputMode="numeric" value={form.toHour} onChange={(e) => set({ toHour: e.target.value })} {...described('to-hour')} />
          </Field>
          <Field label="UTC offset (minutes)" htmlFor={`${id}-tz`} error={err('tz')}>
            <Input id={`${id}-tz`} inputMode="numeric" value={form.tzOffsetMinutes} onChange={(e) => set({ tzOffsetMinutes: e.target.value })} {...described('tz')} />
          </Field>
        </div>
      )}
      {form.mode === 'custom' && (
        <Field label="Function expression (kept verbatim)" htmlFor={`${id}-code`} error={err('code')} hint={codeHint(context, params)}>
          <Textarea id={`${id}-code`} rows={5} value={form.code} onChange={(e) => set({ code: e.target.value })} className={cn(err('code') && 'border-deny')} {...described('code')} />
        </Field>
      )}
    </div>
  )
}

/** What a hand-written authorize receives where it is used, and how factory parameters are reached from it. */
function codeHint(context: RuleContext, params: readonly string[]): string {
  const gets = context === 'mount' ? 'Gets (auth): a mount has no payload.' : context === 'action' ? 'Gets (auth, payload).' : 'Gets (auth), and the payload as a second parameter in an action rule.'
  const first = params[0]
  if (first === undefined) return gets
  return `${gets} Factory parameters are variables here: write ${context === 'mount' ? first : `payload?.[${first}]`}, not '{${first}}'.`
}
