'use client'

import { useState } from 'react'
import { Button } from '@/components/ui/button'
import { Input, Select } from '@/components/ui/field'
import { coerceValue, customClaims, displayValue, freshClaimName, kindOf, renameClaim, setClaim, type Claims, type ClaimsProfile, type FieldKind } from './claims-model'

const KINDS: readonly FieldKind[] = ['string', 'number', 'boolean', 'json']

/**
 * Typed custom claims: name, kind and value; a value that does not fit its kind stays as typed with an error.
 * Claims without a control in this profile's form (roles under State Backed, say) show up here.
 */
export function CustomFields({ claims, onChange, profile }: { claims: Claims; onChange: (claims: Claims) => void; profile: ClaimsProfile }) {
  const entries = customClaims(claims, profile)
  return (
    <div className="space-y-2">
      <div className="flex items-center justify-between">
        <span className="text-xs font-medium text-muted">Custom fields</span>
        <Button variant="ghost" className="px-2 py-0.5 text-xs" onClick={() => onChange({ ...claims, [freshClaimName(claims)]: '' })}>
          + Add field
        </Button>
      </div>
      {entries.length === 0 && <p className="text-xs text-muted">None. Add one, or type it in the JSON.</p>}
      <ul className="space-y-2">
        {entries.map(([name, value], index) => (
          <CustomFieldRow key={index} name={name} value={value} claims={claims} onChange={onChange} profile={profile} />
        ))}
      </ul>
    </div>
  )
}

function CustomFieldRow({ name, value, claims, onChange, profile }: { name: string; value: unknown; claims: Claims; onChange: (claims: Claims) => void; profile: ClaimsProfile }) {
  const [kind, setKind] = useState<FieldKind>(kindOf(value))
  const [raw, setRaw] = useState<string | null>(null)
  const [nameDraft, setNameDraft] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const apply = (nextKind: FieldKind, text: string) => {
    const parsed = coerceValue(nextKind, text)
    setError(parsed.ok ? null : parsed.message)
    if (parsed.ok) {
      setRaw(null)
      onChange(setClaim(claims, name, parsed.value ?? null))
    } else setRaw(text)
  }
  const commitName = () => {
    if (nameDraft === null) return
    const renamed = renameClaim(claims, name, nameDraft, profile)
    setError(renamed.ok ? null : renamed.message)
    if (renamed.ok) {
      setNameDraft(null)
      onChange(renamed.value)
    }
  }
  const shown = raw ?? displayValue(value)
  return (
    <li className="grid grid-cols-[minmax(0,1fr)_6.75rem_minmax(0,1.5fr)_auto] items-start gap-1.5">
      <Input aria-label="Field name" value={nameDraft ?? name} onChange={(e) => setNameDraft(e.target.value)} onBlur={commitName} onKeyDown={(e) => e.key === 'Enter' && commitName()} className="font-mono text-xs" />
      <Select
        aria-label={`Type of ${name}`}
        className="text-xs"
        value={kind}
        onChange={(e) => {
          const next = e.target.value as FieldKind
          setKind(next)
          apply(next, next === 'boolean' ? 'false' : shown)
        }}
      >
        {KINDS.map((k) => (
          <option key={k}>{k}</option>
        ))}
      </Select>
      {kind === 'boolean' ? (
        <Select aria-label={`Value of ${name}`} value={String(value === true)} onChange={(e) => apply('boolean', e.target.value)}>
          <option>true</option>
          <option>false</option>
        </Select>
      ) : (
        <Input aria-label={`Value of ${name}`} aria-invalid={error !== null} value={shown} onChange={(e) => apply(kind, e.target.value)} className="font-mono text-xs" />
      )}
      <Button variant="ghost" aria-label={`Remove field ${name}`} className="px-2" onClick={() => onChange(setClaim(claims, name, undefined))}>
        ×
      </Button>
      {error && (
        <p role="alert" className="col-span-4 text-xs text-deny">
          {error}
        </p>
      )}
    </li>
  )
}
