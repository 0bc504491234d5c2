'use client'

import { useEffect, useId, useRef, useState } from 'react'
import { ChipsInput } from '@/components/ui/chips-input'
import { Field, Input, Select, Textarea } from '@/components/ui/field'
import { formatClaims, parseClaimsJson, setClaim, stateBackedSubWarning, stringList, type Claims, type ClaimsProfile } from './claims-model'
import { CustomFields } from './custom-fields'

/**
 * The claims form and the JSON editor, kept in sync both ways: form edits
 * rewrite the JSON; valid JSON updates the form; invalid JSON shows where it
 * breaks and keeps the text as typed.
 */
export function ClaimsEditor({ claims, onChange, profile }: { claims: Claims; onChange: (claims: Claims) => void; profile: ClaimsProfile }) {
  const [text, setText] = useState(() => formatClaims(claims))
  const [error, setError] = useState<string | null>(null)
  const own = useRef(claims)
  useEffect(() => {
    // Claims changed from outside (form, persona): refresh the text.
    if (own.current !== claims) {
      own.current = claims
      setText(formatClaims(claims))
      setError(null)
    }
  }, [claims])
  const id = useId()
  const str = (name: string) => (typeof claims[name] === 'string' ? (claims[name] as string) : '')
  const set = (name: string, value: unknown) => onChange(setClaim(claims, name, value === '' ? undefined : value))

  const onText = (next: string) => {
    setText(next)
    const parsed = parseClaimsJson(next)
    setError(parsed.ok ? null : parsed.message)
    if (parsed.ok) {
      own.current = parsed.value
      onChange(parsed.value)
    }
  }

  const subWarning = profile === 'statebacked' ? stateBackedSubWarning(claims) : null
  const legend = profile === 'statebacked' ? 'End-user claims (signed inside act)' : profile === 'fluxstack' ? 'Session fields' : 'Fields'

  return (
    <div className="grid gap-4 xl:grid-cols-2">
      <fieldset className="min-w-0 space-y-3">
        <legend className="text-xs font-semibold uppercase tracking-wide text-muted">{legend}</legend>
        <div className="grid grid-cols-2 gap-3">
          <div className={profile === 'statebacked' ? 'col-span-2 min-w-0 space-y-1' : 'min-w-0 space-y-1'}>
            <label htmlFor={`${id}-sub`} className="block text-xs font-medium text-muted">
              {profile === 'fluxstack' ? 'sub (session.id)' : profile === 'statebacked' ? 'sub (authContext.sub: the end user\'s id)' : 'sub'}
            </label>
            <Input
              id={`${id}-sub`}
              value={str('sub')}
              onChange={(e) => set('sub', e.target.value)}
              aria-describedby={subWarning ? `${id}-sub-warning` : undefined}
              className={subWarning ? '!border-warn' : undefined}
            />
            {subWarning && (
              <p id={`${id}-sub-warning`} data-testid="sub-warning" className="text-xs text-warn">
                <span aria-hidden="true">⚠ </span>
                {subWarning}
              </p>
            )}
          </div>
          {profile !== 'statebacked' && (
            <Field label="name" htmlFor={`${id}-name`}>
              <Input id={`${id}-name`} value={str('name')} onChange={(e) => set('name', e.target.value)} />
            </Field>
          )}
          {profile === 'fluxstack' && (
            <>
              <Field label="plan" htmlFor={`${id}-plan`}>
                <Input id={`${id}-plan`} value={str('plan')} onChange={(e) => set('plan', e.target.value)} />
              </Field>
              <Field label="type (non-user sessions)" htmlFor={`${id}-type`}>
                <Select id={`${id}-type`} value={str('type')} onChange={(e) => set('type', e.target.value)}>
                  <option value="">user (no type)</option>
                  <option value="bot">bot</option>
                  <option value="device">device</option>
                  <option value="service">service</option>
                </Select>
              </Field>
            </>
          )}
          {profile === 'generic' && (
            <>
              <Field label="iss" htmlFor={`${id}-iss`}>
                <Input id={`${id}-iss`} value={str('iss')} onChange={(e) => set('iss', e.target.value)} />
              </Field>
              <Field label="aud" htmlFor={`${id}-aud`}>
                <Input id={`${id}-aud`} value={str('aud')} onChange={(e) => set('aud', e.target.value)} />
              </Field>
            </>
          )}
        </div>
        {profile === 'statebacked' ? (
          <div className="space-y-1">
            <ChipsInput id={`${id}-groups`} label="groups" values={stringList(claims, 'groups')} onChange={(v) => set('groups', v.length ? v : undefined)} placeholder="editors, team-42…" />
            <p className="text-xs text-muted">
              authContext.groups, for rules such as <code className="font-mono">context.allowedGroups</code> includes one of them.
            </p>
          </div>
        ) : (
          <>
            <ChipsInput id={`${id}-roles`} label="roles" values={stringList(claims, 'roles')} onChange={(v) => set('roles', v.length ? v : undefined)} placeholder="admin, user…" />
            <ChipsInput id={`${id}-perms`} label="permissions" values={stringList(claims, 'permissions')} onChange={(v) => set('permissions', v.length ? v : undefined)} placeholder="content.read…" />
          </>
        )}
        <CustomFields key={profile} claims={claims} onChange={onChange} profile={profile} />
      </fieldset>
      <Field label="Claims as JSON" htmlFor={`${id}-json`} error={error} hint="Edits here update the form; time claims come from the time controls.">
        <Textarea
          id={`${id}-json`}
          value={text}
          onChange={(e) => onText(e.target.value)}
          rows={18}
          aria-invalid={error !== null}
          aria-describedby={error ? `${id}-json-error` : `${id}-json-hint`}
          className={error ? '!border-deny' : undefined}
        />
      </Field>
    </div>
  )
}
