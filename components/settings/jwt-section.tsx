import { Card, CardTitle } from '@/components/ui/card'
import { Field, Input } from '@/components/ui/field'
import { ALGORITHMS, SIGNING_ALGORITHMS, type SigningAlgorithm } from '@/lib/tokens/algorithms'
import type { FormErrors, SettingsForm } from './settings-model'

interface Props {
  readonly form: SettingsForm
  readonly errors: FormErrors
  readonly update: (patch: Partial<SettingsForm>) => void
}

/** aria wiring for a Field's hint or error (the ids Field renders). */
export function described(id: string, error: string | undefined) {
  return { 'aria-invalid': error ? true : undefined, 'aria-describedby': error ? `${id}-error` : `${id}-hint` }
}

/** Which tokens the built-in JWT provider accepts. */
export function JwtSection({ form, errors, update }: Props) {
  const toggle = (alg: SigningAlgorithm, on: boolean) => {
    const next = new Set(form.algorithms)
    if (on) next.add(alg)
    else next.delete(alg)
    update({ algorithms: SIGNING_ALGORITHMS.filter((a) => next.has(a)) })
  }
  return (
    <Card aria-labelledby="jwt-title" className="space-y-4">
      <CardTitle id="jwt-title">JWT provider</CardTitle>
      <fieldset aria-describedby="alg-hint">
        <legend className="text-xs font-medium text-muted">Accepted algorithms</legend>
        <div className="mt-2 flex flex-wrap gap-x-4 gap-y-2">
          {SIGNING_ALGORITHMS.map((alg) => (
            <label key={alg} className="inline-flex items-center gap-1.5 font-mono text-sm" title={`${ALGORITHMS[alg].family}, SHA-${ALGORITHMS[alg].hashBits}`}>
              <input type="checkbox" className="accent-accent" checked={form.algorithms.includes(alg)} onChange={(e) => toggle(alg, e.target.checked)} />
              {alg}
            </label>
          ))}
        </div>
        <p id="alg-hint" className="mt-1 text-xs text-muted">
          {form.algorithms.length === 0
            ? 'None checked: every key verifies with its own algorithm. Check some to narrow the list. Unsigned tokens (alg none) are never accepted.'
            : `Only ${form.algorithms.join(', ')}; each key still verifies with its own algorithm only.`}
        </p>
        {errors.algorithms && <p role="alert" className="text-xs text-deny">{errors.algorithms}</p>}
      </fieldset>
      <div className="grid gap-4 md:grid-cols-2">
        <Field label="Issuer (iss)" htmlFor="jwt-issuer" hint="Blank: any issuer. Several: separate with commas." error={errors.issuer}>
          <Input id="jwt-issuer" value={form.issuer} onChange={(e) => update({ issuer: e.target.value })} placeholder="https://auth.example.com" spellCheck={false} {...described('jwt-issuer', errors.issuer)} />
        </Field>
        <Field label="Audience (aud)" htmlFor="jwt-audience" hint="Blank: any audience. Several: separate with commas." error={errors.audience}>
          <Input id="jwt-audience" value={form.audience} onChange={(e) => update({ audience: e.target.value })} placeholder="my-app" spellCheck={false} {...described('jwt-audience', errors.audience)} />
        </Field>
        <Field label="Clock tolerance (seconds)" htmlFor="jwt-tolerance" hint="Leeway for exp, nbf and iat; 0 to 300." error={errors.clockToleranceS}>
          <Input id="jwt-tolerance" inputMode="numeric" value={form.clockToleranceS} onChange={(e) => update({ clockToleranceS: e.target.value })} {...described('jwt-tolerance', errors.clockToleranceS)} />
        </Field>
        <div className="md:col-span-2">
          <label className="flex items-start gap-2 text-sm">
            <input type="checkbox" className="mt-1" checked={form.requireExp} onChange={(e) => update({ requireExp: e.target.checked })} aria-describedby="jwt-require-exp-hint" />
            <span>Require an expiry (<code className="font-mono">exp</code>)</span>
          </label>
          <p id="jwt-require-exp-hint" className={form.requireExp ? 'ml-6 text-xs text-muted' : 'ml-6 text-xs text-warn'}>
            {form.requireExp ? 'Tokens without exp are refused at AUTH.' : 'Tokens without exp are accepted and never expire: only for development.'}
          </p>
        </div>
        <Field label="Max token age (seconds)" htmlFor="jwt-max-age" hint="Blank: no limit. Needs an iat claim when set." error={errors.maxTokenAgeS}>
          <Input id="jwt-max-age" inputMode="numeric" value={form.maxTokenAgeS} onChange={(e) => update({ maxTokenAgeS: e.target.value })} placeholder="no limit" {...described('jwt-max-age', errors.maxTokenAgeS)} />
        </Field>
      </div>
    </Card>
  )
}
