'use client'

import { Field, Input } from '@/components/ui/field'

export interface TimeSettings {
  readonly issuedAt: boolean
  readonly expMode: 'in' | 'at' | 'none'
  /** jose time span, e.g. '1h'. */
  readonly expiresIn: string
  /** datetime-local text. */
  readonly expiresAt: string
  /** jose time span or '' for no nbf. */
  readonly notBeforeIn: string
}

export const DEFAULT_TIMES: TimeSettings = { issuedAt: true, expMode: 'in', expiresIn: '1h', expiresAt: '', notBeforeIn: '' }

/** Registered time claims: iat now, exp in/at (or none), nbf. State Backed always sets iat and exp, never nbf. */
export function TimeControls({
  value,
  onChange,
  stateBacked,
  problems = {},
}: {
  value: TimeSettings
  onChange: (next: TimeSettings) => void
  stateBacked: boolean
  /** Inline errors by control id ('exp-in', 'exp-at', 'nbf-in'). */
  problems?: Readonly<Partial<Record<'exp-in' | 'exp-at' | 'nbf-in', string>>>
}) {
  const set = (patch: Partial<TimeSettings>) => onChange({ ...value, ...patch })
  const modes = stateBacked ? (['in', 'at'] as const) : (['in', 'at', 'none'] as const)
  const described = (id: 'exp-in' | 'exp-at' | 'nbf-in', hint: boolean) => (problems[id] ? `${id}-error` : hint ? `${id}-hint` : undefined)
  const invalid = (id: 'exp-in' | 'exp-at' | 'nbf-in') => (problems[id] ? { 'aria-invalid': true, className: '!border-deny' } : {})
  return (
    <fieldset className="space-y-3">
      <legend className="text-xs font-semibold uppercase tracking-wide text-muted">Registered time claims</legend>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={stateBacked || value.issuedAt} disabled={stateBacked} onChange={(e) => set({ issuedAt: e.target.checked })} />
        <span>
          <code>iat</code> = now (at signing)
        </span>
      </label>
      <div role="radiogroup" aria-label="Expiry (exp)" className="flex flex-wrap items-center gap-3 text-sm">
        <span className="text-xs font-medium text-muted">
          <code>exp</code>
        </span>
        {modes.map((mode) => (
          <label key={mode} className="flex items-center gap-1">
            <input type="radio" name="exp-mode" checked={value.expMode === mode} onChange={() => set({ expMode: mode })} />
            {mode === 'in' ? 'expires in' : mode === 'at' ? 'expires at' : 'no exp'}
          </label>
        ))}
      </div>
      {value.expMode === 'in' &&
        (stateBacked ? (
          <Field
            label="Expires in (signToken time period)"
            htmlFor="exp-in"
            error={problems['exp-in']}
            hint={
              <>
                A number and a unit: <code>30m</code>, <code>24h</code>, <code>7d</code>, <code>1.5 hours</code>. No sign, &ldquo;ago&rdquo; or &ldquo;from now&rdquo;.
              </>
            }
          >
            <Input id="exp-in" value={value.expiresIn} onChange={(e) => set({ expiresIn: e.target.value })} aria-describedby={described('exp-in', true)} autoComplete="off" spellCheck={false} {...invalid('exp-in')} />
          </Field>
        ) : (
          <Field label="Expires in (jose time span)" htmlFor="exp-in" hint='e.g. "15m", "1h", "7d"' error={problems['exp-in']}>
            <Input id="exp-in" value={value.expiresIn} onChange={(e) => set({ expiresIn: e.target.value })} aria-describedby={described('exp-in', true)} autoComplete="off" spellCheck={false} {...invalid('exp-in')} />
          </Field>
        ))}
      {value.expMode === 'at' && (
        <Field label="Expires at (local time)" htmlFor="exp-at" error={problems['exp-at']}>
          <Input id="exp-at" type="datetime-local" step={1} value={value.expiresAt} onChange={(e) => set({ expiresAt: e.target.value })} aria-describedby={described('exp-at', false)} {...invalid('exp-at')} />
        </Field>
      )}
      {value.expMode === 'none' && stateBacked && problems['exp-in'] && (
        <p id="exp-in-error" role="alert" className="text-xs text-deny">
          {problems['exp-in']}
        </p>
      )}
      {!stateBacked && (
        <Field label="Not before, relative to now (nbf)" htmlFor="nbf-in" hint='Empty for no nbf; "5m" or "-1m"' error={problems['nbf-in']}>
          <Input id="nbf-in" value={value.notBeforeIn} placeholder="none" onChange={(e) => set({ notBeforeIn: e.target.value })} aria-describedby={described('nbf-in', true)} autoComplete="off" spellCheck={false} {...invalid('nbf-in')} />
        </Field>
      )}
    </fieldset>
  )
}
