'use client'

import { Field, Input } from '@/components/ui/field'
import type { ClaimChecks } from '@/lib/api/tokens'

export interface CheckInputs {
  readonly issuer: string
  readonly audience: string
  readonly typ: string
  readonly maxTokenAge: string
  readonly clockTolerance: string
  readonly requireExp: boolean
}

export const EMPTY_CHECKS: CheckInputs = { issuer: '', audience: '', typ: '', maxTokenAge: '', clockTolerance: '', requireExp: true }

/** The typed inputs as verifier options; empty inputs are no check. */
export function toClaimChecks(input: CheckInputs): ClaimChecks {
  const t = (value: string) => value.trim()
  return {
    requireExp: input.requireExp,
    ...(t(input.issuer) ? { issuer: t(input.issuer) } : {}),
    ...(t(input.audience) ? { audience: t(input.audience) } : {}),
    ...(t(input.typ) ? { typ: t(input.typ) } : {}),
    ...(t(input.maxTokenAge) ? { maxTokenAge: t(input.maxTokenAge) } : {}),
    ...(t(input.clockTolerance) ? { clockTolerance: t(input.clockTolerance) } : {}),
  }
}

const TEXT_FIELDS: ReadonlyArray<readonly [keyof Omit<CheckInputs, 'requireExp'>, string, string]> = [
  ['issuer', 'Expected iss', 'any'],
  ['audience', 'Expected aud', 'any'],
  ['typ', 'Expected typ', 'any'],
  ['maxTokenAge', 'Max age (from iat)', 'e.g. 1h'],
  ['clockTolerance', 'Clock tolerance', 'e.g. 30s'],
]

export function ClaimChecksForm({ value, onChange, error }: { value: CheckInputs; onChange: (next: CheckInputs) => void; error?: string | null }) {
  return (
    <fieldset className="space-y-2">
      <legend className="text-xs font-semibold uppercase tracking-wide text-muted">Claim checks</legend>
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-3">
        {TEXT_FIELDS.map(([name, label, placeholder]) => (
          <Field key={name} label={label} htmlFor={`check-${name}`}>
            <Input id={`check-${name}`} value={value[name]} placeholder={placeholder} onChange={(e) => onChange({ ...value, [name]: e.target.value })} />
          </Field>
        ))}
        <label className="flex items-center gap-2 self-end pb-2 text-sm">
          <input type="checkbox" checked={value.requireExp} onChange={(e) => onChange({ ...value, requireExp: e.target.checked })} />
          Require <code>exp</code>
        </label>
      </div>
      {error && (
        <p role="alert" className="text-xs text-deny">
          {error}
        </p>
      )}
    </fieldset>
  )
}
