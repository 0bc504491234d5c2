'use client'

import { useState } from 'react'
import { Button } from '@/components/ui/button'
import { Field, Input, Select } from '@/components/ui/field'
import { Notice } from '@/components/ui/notice'
import type { KeyList } from '@/lib/api/tokens'
import { STATE_BACKED_AUDIENCE, defaultStateBackedIssuer, validateStateBackedKey } from '@/lib/tokens'
import { api, errorText } from './api'
import type { Resource } from './use-resource'

export interface StateBackedInputs {
  readonly keyId: string
  readonly secret: string
  readonly issuer: string
}

/** Algorithm + key from the workspace (signing happens on the server); empty state offers a key. */
export function WorkspaceKeyPicker({ keys, kid, onKid, reloadKeys, onOpenKeys }: { keys: Resource<KeyList>; kid: string; onKid: (kid: string) => void; reloadKeys: () => void; onOpenKeys: () => void }) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  if (keys.phase === 'loading') return <p className="text-sm text-muted" role="status">Loading the workspace&apos;s keys…</p>
  if (keys.phase === 'error') return <Notice tone="deny" role="alert">Keys could not be loaded: {keys.message}</Notice>
  const signers = keys.value.keys.filter((key) => key.hasPrivate)
  if (signers.length === 0) {
    const create = async () => {
      setBusy(true)
      setError(null)
      try {
        await api.createKey({ action: 'generate', alg: 'HS256', label: 'Generated from the token lab' })
        reloadKeys()
      } catch (e) {
        setError(errorText(e))
      } finally {
        setBusy(false)
      }
    }
    return (
      <Notice tone="info" className="space-y-2">
        <p>This workspace has no key that can sign yet.</p>
        <div className="flex flex-wrap gap-2">
          <Button variant="primary" onClick={create} disabled={busy}>
            {busy ? 'Generating…' : 'Generate an HS256 key'}
          </Button>
          <Button onClick={onOpenKeys}>Open Keys</Button>
        </div>
        {error && <p role="alert" className="text-xs text-deny">{error}</p>}
      </Notice>
    )
  }
  const algs = [...new Set(signers.map((key) => key.alg))]
  const current = signers.find((key) => key.kid === kid) ?? signers[0]
  return (
    <div className="grid gap-3">
      <Field label="Algorithm" htmlFor="sign-alg">
        <Select id="sign-alg" value={current?.alg} onChange={(e) => onKid(signers.find((key) => key.alg === e.target.value)?.kid ?? '')}>
          {algs.map((alg) => (
            <option key={alg}>{alg}</option>
          ))}
        </Select>
      </Field>
      <Field label="Signing key" htmlFor="sign-key" hint="The default signs when POST /api/tokens names no keyId.">
        <Select id="sign-key" value={current?.kid} onChange={(e) => onKid(e.target.value)} aria-describedby="sign-key-hint">
          {signers
            .filter((key) => key.alg === current?.alg)
            .map((key) => (
              <option key={key.kid} value={key.kid}>
                {key.kid}
                {key.label ? ` (${key.label})` : ''}
                {key.kid === signers[0]?.kid ? ' · default' : ''}
              </option>
            ))}
        </Select>
      </Field>
    </div>
  )
}

/** State Backed key id and secret: used by this page to sign, never sent anywhere. */
export function StateBackedKeyInputs({
  value,
  onChange,
  problems = {},
}: {
  value: StateBackedInputs
  onChange: (next: StateBackedInputs) => void
  /** Inline errors by control id ('sb-kid', 'sb-secret'). */
  problems?: Readonly<Partial<Record<'sb-kid' | 'sb-secret', string>>>
}) {
  const check = value.keyId || value.secret ? validateStateBackedKey({ stateBackedKeyId: value.keyId, stateBackedSecretKey: value.secret }) : { ok: true as const }
  const invalid = (id: 'sb-kid' | 'sb-secret') => (problems[id] ? { 'aria-invalid': true, 'aria-describedby': `${id}-error` } : {})
  return (
    <div className="space-y-3">
      {/* One per row: a real key id is "sbk_" + 22 characters and must show whole. */}
      <Field label="State Backed key id (kid)" htmlFor="sb-kid" error={problems['sb-kid']}>
        <Input
          id="sb-kid"
          value={value.keyId}
          placeholder="sbk_…"
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => onChange({ ...value, keyId: e.target.value })}
          className={problems['sb-kid'] ? '!border-deny font-mono' : 'font-mono'}
          {...invalid('sb-kid')}
        />
      </Field>
      <Field label="State Backed secret" htmlFor="sb-secret" error={problems['sb-secret']}>
        <Input
          id="sb-secret"
          type="password"
          value={value.secret}
          placeholder="sbsec_…"
          autoComplete="off"
          onChange={(e) => onChange({ ...value, secret: e.target.value })}
          className={problems['sb-secret'] ? '!border-deny font-mono' : 'font-mono'}
          {...invalid('sb-secret')}
        />
      </Field>
      <Field
        label="Issuer (iss)"
        htmlFor="sb-iss"
        hint={
          <>
            Empty for signToken&apos;s default, <code className="break-all font-mono">{defaultStateBackedIssuer(value.keyId || '<key id>')}</code>. The audience is always{' '}
            <code className="break-all font-mono">{STATE_BACKED_AUDIENCE}</code>.
          </>
        }
      >
        <Input id="sb-iss" value={value.issuer} placeholder="default" autoComplete="off" spellCheck={false} onChange={(e) => onChange({ ...value, issuer: e.target.value })} aria-describedby="sb-iss-hint" />
      </Field>
      <p className="text-xs text-muted">HS256 over the whole secret string, signed in this page: the key id and secret are never sent to the studio server.</p>
      {!check.ok && (
        <Notice tone="warn" role="status">
          {check.issues.join('. ')}. (A warning: signToken signs anyway.)
        </Notice>
      )}
    </div>
  )
}
