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
export function TimeControls({ value, onChange, stateBacked }: { value: TimeSettings; onChange: (next: TimeSettings) => void; stateBacked: boolean }) {
  const set = (patch: Partial<TimeSettings>) => onChange({ ...value, ...patch })
  const modes = stateBacked ? (['in', 'at'] as const) : (['in', 'at', 'none'] as const)
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
      {value.expMode === 'in' && (
        <Field label="Expires in (jose time span)" htmlFor="exp-in" hint='e.g. "15m", "1h", "7d"'>
          <Input id="exp-in" value={value.expiresIn} onChange={(e) => set({ expiresIn: e.target.value })} aria-describedby="exp-in-hint" />
        </Field>
      )}
      {value.expMode === 'at' && (
        <Field label="Expires at (local time)" htmlFor="exp-at">
          <Input id="exp-at" type="datetime-local" step={1} value={value.expiresAt} onChange={(e) => set({ expiresAt: e.target.value })} />
        </Field>
      )}
      {!stateBacked && (
        <Field label="Not before, relative to now (nbf)" htmlFor="nbf-in" hint='Empty for no nbf; "5m" or "-1m"'>
          <Input id="nbf-in" value={value.notBeforeIn} placeholder="none" onChange={(e) => set({ notBeforeIn: e.target.value })} aria-describedby="nbf-in-hint" />
        </Field>
      )}
    </fieldset>
  )
}
