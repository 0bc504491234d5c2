'use client'

import { Button } from '@/components/ui/button'
import { Field, Input, Textarea } from '@/components/ui/field'
import type { SourceKind } from './key-source'

const KINDS: ReadonlyArray<readonly [SourceKind, string]> = [
  ['none', 'Decode only'],
  ['pasted', 'Pasted PEM / JWK / JWKS'],
  ['secret', 'Shared secret (text)'],
  ['jwks-url', 'JWKS URL'],
  ['workspace', "Workspace keys (server)"],
]

export interface SourceInputs {
  readonly kind: SourceKind
  readonly keyText: string
  readonly secret: string
  readonly jwksUrl: string
}

/** Where the verification key comes from; every choice but "workspace" stays in the browser. */
export function KeySourceForm({ value, onChange, onFetchJwks, onVerifyOnServer, busy, note, error }: { value: SourceInputs; onChange: (next: SourceInputs) => void; onFetchJwks: () => void; onVerifyOnServer: () => void; busy: boolean; note?: string; error?: string }) {
  const set = (patch: Partial<SourceInputs>) => onChange({ ...value, ...patch })
  return (
    <fieldset className="space-y-2">
      <legend className="text-xs font-semibold uppercase tracking-wide text-muted">Verify the signature with</legend>
      <div role="radiogroup" aria-label="Key source" className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {KINDS.map(([kind, label]) => (
          <label key={kind} className="flex items-center gap-1.5">
            <input type="radio" name="key-source" checked={value.kind === kind} onChange={() => set({ kind })} />
            {label}
          </label>
        ))}
      </div>
      {value.kind === 'pasted' && (
        <Field label="Public key or secret JWK (PEM, JWK or JWKS)" htmlFor="verify-key" hint="Verified in this page; the token and key are sent nowhere.">
          <Textarea id="verify-key" rows={5} value={value.keyText} onChange={(e) => set({ keyText: e.target.value })} placeholder="-----BEGIN PUBLIC KEY-----" aria-describedby="verify-key-hint" />
        </Field>
      )}
      {value.kind === 'secret' && (
        <Field label="Shared secret (its UTF-8 bytes are the HMAC key)" htmlFor="verify-secret" hint="Verified in this page; nothing is sent.">
          <Input id="verify-secret" type="password" autoComplete="off" value={value.secret} onChange={(e) => set({ secret: e.target.value })} aria-describedby="verify-secret-hint" />
        </Field>
      )}
      {value.kind === 'jwks-url' && (
        <div className="space-y-1">
          <div className="flex items-end gap-2">
            <Field label="JWKS URL (fetched by this browser, without the token)" htmlFor="verify-jwks" className="flex-1">
              <Input id="verify-jwks" type="url" value={value.jwksUrl} onChange={(e) => set({ jwksUrl: e.target.value })} placeholder="https://…/.well-known/jwks.json" />
            </Field>
            <Button onClick={onFetchJwks} disabled={busy || !value.jwksUrl}>
              {busy ? 'Fetching…' : 'Fetch'}
            </Button>
          </div>
          <Button variant="ghost" className="px-0 text-xs" onClick={() => set({ jwksUrl: `${window.location.origin}/.well-known/jwks.json` })}>
            Use this studio&apos;s JWKS
          </Button>
        </div>
      )}
      {value.kind === 'workspace' && (
        <div className="flex flex-wrap items-center gap-2">
          <Button variant="primary" onClick={onVerifyOnServer} disabled={busy}>
            {busy ? 'Verifying…' : 'Verify on the studio server'}
          </Button>
          <p className="text-xs text-warn">This sends the token to the studio&apos;s own server (POST /api/tokens/verify), which picks the key by kid.</p>
        </div>
      )}
      {note && <p className="text-xs text-muted">{note}</p>}
      {error && (
        <p role="alert" className="text-xs text-deny">
          {error}
        </p>
      )}
    </fieldset>
  )
}
