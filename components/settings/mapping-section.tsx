import { Card, CardTitle } from '@/components/ui/card'
import { Field, Input, Textarea } from '@/components/ui/field'
import { described } from './jwt-section'
import type { FormErrors, SettingsForm } from './settings-model'

interface Props {
  readonly form: SettingsForm
  readonly errors: FormErrors
  readonly update: (patch: Partial<SettingsForm>) => void
}

const CLAIMS = [
  { key: 'idClaim', label: 'Session id claim', fallback: 'sub' },
  { key: 'rolesClaim', label: 'Roles claim', fallback: 'roles' },
  { key: 'permissionsClaim', label: 'Permissions claim', fallback: 'permissions' },
] as const

/** Which claim becomes which field of the `$auth` session. */
export function MappingSection({ form, errors, update }: Props) {
  return (
    <Card aria-labelledby="mapping-title" className="space-y-4">
      <CardTitle id="mapping-title">Claim-to-session mapping</CardTitle>
      <p className="text-sm text-muted">How the built-in JWT provider turns a verified token&apos;s claims into the session that rules read as <code className="font-mono text-ink">auth.session</code>.</p>
      <div className="grid gap-4 md:grid-cols-3">
        {CLAIMS.map((c) => (
          <Field key={c.key} label={c.label} htmlFor={`map-${c.key}`} hint={`Blank: ${c.fallback}`} error={errors[c.key]}>
            <Input id={`map-${c.key}`} value={form[c.key]} onChange={(e) => update({ [c.key]: e.target.value })} placeholder={c.fallback} spellCheck={false} className="font-mono" {...described(`map-${c.key}`, errors[c.key])} />
          </Field>
        ))}
      </div>
      <Field label="Renamed fields (one field = claim per line)" htmlFor="map-fields" hint="e.g. plan = https://example.com/plan puts that claim in session.plan." error={errors.fields}>
        <Textarea id="map-fields" rows={3} value={form.fields} onChange={(e) => update({ fields: e.target.value })} placeholder="plan = https://example.com/plan" {...described('map-fields', errors.fields)} />
      </Field>
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" className="mt-0.5 accent-accent" checked={form.passThrough} onChange={(e) => update({ passThrough: e.target.checked })} />
        <span>
          Copy other custom claims into the session as they are
          <span className="block text-xs text-muted">Registered claims (iss, aud, exp…) are never copied.</span>
        </span>
      </label>
    </Card>
  )
}
