'use client'

import { useState } from 'react'
import { Button } from '@/components/ui/button'
import { Card, CardTitle } from '@/components/ui/card'
import { Field, Select } from '@/components/ui/field'
import { Notice } from '@/components/ui/notice'
import type { KeyList, TokenProfile } from '@/lib/api/tokens'
import { signStateBackedToken } from '@/lib/tokens'
import { api, errorText } from './api'
import { ClaimsEditor } from './claims-editor'
import type { Claims } from './claims-model'
import { fromLocalInput } from './clock'
import { StateBackedKeyInputs, WorkspaceKeyPicker, type StateBackedInputs } from './signing-key-picker'
import type { SnippetInput } from './snippets'
import { DEFAULT_TIMES, TimeControls, type TimeSettings } from './time-controls'
import { TokenOutput } from './token-output'
import { useResource, type Resource } from './use-resource'

const PROFILES: ReadonlyArray<{ id: TokenProfile; label: string; hint: string }> = [
  { id: 'generic', label: 'Generic JWT', hint: 'Any claims, any workspace key.' },
  { id: 'fluxstack', label: 'FluxStack session', hint: 'Claims the JWT provider maps to $auth.session: sub → id, roles, permissions, custom fields.' },
  { id: 'statebacked', label: 'State Backed', hint: 'act-wrapped claims, HS256 with your State Backed key, exactly as @statebacked/token signToken.' },
]

interface Minted {
  readonly token: string
  readonly snippet: SnippetInput
  readonly profile: TokenProfile
}

/** Mint a token: persona or blank claims, a profile, time claims and a key. */
export function GenerateTab({ keys, reloadKeys, onOpenKeys, onDecode }: { keys: Resource<KeyList>; reloadKeys: () => void; onOpenKeys: () => void; onDecode: (token: string) => void }) {
  const [personas] = useResource(api.listPersonas)
  const [personaId, setPersonaId] = useState('')
  const [profile, setProfile] = useState<TokenProfile>('fluxstack')
  const [claims, setClaims] = useState<Claims>({ sub: '' })
  const [times, setTimes] = useState<TimeSettings>(DEFAULT_TIMES)
  const [kid, setKid] = useState('')
  const [typ, setTyp] = useState('JWT')
  const [sb, setSb] = useState<StateBackedInputs>({ keyId: '', secret: '', issuer: '' })
  const [minted, setMinted] = useState<Minted | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [pending, setPending] = useState(false)

  const pickPersona = (id: string) => {
    setPersonaId(id)
    const persona = personas.phase === 'ready' ? personas.value.find((p) => p.id === id) : undefined
    setClaims(persona?.claims ? { ...persona.claims } : { sub: '' })
  }

  const sign = async () => {
    setPending(true)
    setError(null)
    try {
      const expiresAt = times.expMode === 'at' ? fromLocalInput(times.expiresAt) : undefined
      if (times.expMode === 'at' && expiresAt === undefined) throw new Error('Pick the expiry instant, or choose "expires in".')
      const expiresIn = times.expMode === 'in' ? times.expiresIn.trim() : undefined
      const stateBacked = profile === 'statebacked'
      const signers = keys.phase === 'ready' ? keys.value.keys.filter((k) => k.hasPrivate) : []
      const key = signers.find((k) => k.kid === kid) ?? signers[0]
      const snippet: SnippetInput = {
        claims,
        alg: stateBacked ? 'HS256' : (key?.alg ?? 'HS256'),
        ...(stateBacked ? { kid: sb.keyId, ...(sb.issuer ? { issuer: sb.issuer } : {}) } : key ? { kid: key.kid } : {}),
        ...(!stateBacked && typ ? { typ } : {}),
        ...(expiresIn ? { expiresIn } : {}),
        ...(expiresAt !== undefined ? { expiresAt } : {}),
        ...(!stateBacked && times.notBeforeIn.trim() ? { notBeforeIn: times.notBeforeIn.trim() } : {}),
        issuedAt: stateBacked || times.issuedAt,
      }
      const token = stateBacked ? await signInBrowser(sb, claims, expiresIn, expiresAt) : await signOnServer(key?.kid, profile, snippet)
      setMinted({ token, snippet, profile })
    } catch (e) {
      setMinted(null)
      setError(errorText(e))
    } finally {
      setPending(false)
    }
  }

  return (
    <div className="space-y-4">
      <div className="grid gap-4 lg:grid-cols-[minmax(0,20rem)_minmax(0,1fr)]">
        <Card aria-labelledby="gen-setup" className="space-y-4">
          <CardTitle id="gen-setup">Setup</CardTitle>
          <Field label="Persona" htmlFor="persona" hint={personas.phase === 'error' ? `Personas could not be loaded: ${personas.message}` : 'Fills the claims; edit them freely.'}>
            <Select id="persona" value={personaId} onChange={(e) => pickPersona(e.target.value)} disabled={personas.phase !== 'ready'} aria-describedby="persona-hint">
              <option value="">{personas.phase === 'loading' ? 'Loading personas…' : 'Blank claims'}</option>
              {personas.phase === 'ready' &&
                personas.value
                  .filter((p) => p.claims !== null)
                  .map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.label} ({p.id})
                    </option>
                  ))}
            </Select>
          </Field>
          <fieldset className="space-y-1">
            <legend className="text-xs font-medium text-muted">Profile</legend>
            {PROFILES.map((p) => (
              <label key={p.id} className="flex gap-2 rounded-md p-1.5 text-sm hover:bg-surface">
                <input type="radio" name="profile" className="mt-1" checked={profile === p.id} onChange={() => setProfile(p.id)} />
                <span>
                  <span className="font-medium">{p.label}</span>
                  <span className="block text-xs text-muted">{p.hint}</span>
                </span>
              </label>
            ))}
          </fieldset>
          {profile === 'statebacked' ? (
            <StateBackedKeyInputs value={sb} onChange={setSb} />
          ) : (
            <>
              <WorkspaceKeyPicker keys={keys} kid={kid} onKid={setKid} reloadKeys={reloadKeys} onOpenKeys={onOpenKeys} />
              <Field label="Header typ" htmlFor="typ">
                <Select id="typ" value={typ} onChange={(e) => setTyp(e.target.value)}>
                  <option value="JWT">JWT</option>
                  <option value="at+jwt">at+jwt</option>
                  <option value="">(none)</option>
                </Select>
              </Field>
            </>
          )}
          <TimeControls value={times} onChange={setTimes} stateBacked={profile === 'statebacked'} />
        </Card>
        <Card aria-labelledby="gen-claims">
          <CardTitle id="gen-claims">Claims</CardTitle>
          <ClaimsEditor claims={claims} onChange={setClaims} profile={profile} />
          <div className="mt-4 flex items-center gap-3">
            <Button variant="primary" onClick={sign} disabled={pending} className="shrink-0 whitespace-nowrap">
              {pending ? 'Signing…' : 'Sign token'}
            </Button>
            <span className="text-xs text-muted">{profile === 'statebacked' ? 'Signed in this page.' : 'Signed by the studio server with the chosen key (its private part stays there).'}</span>
          </div>
        </Card>
      </div>
      <div aria-live="polite">
        {error && (
          <Notice tone="deny" role="alert">
            {error}
          </Notice>
        )}
        {minted && <TokenOutput {...minted} onDecode={() => onDecode(minted.token)} />}
      </div>
    </div>
  )
}

async function signInBrowser(sb: StateBackedInputs, claims: Claims, expiresIn: string | undefined, expiresAt: number | undefined): Promise<string> {
  if (!sb.keyId || !sb.secret) throw new Error('Type your State Backed key id and secret first.')
  const expires = expiresAt !== undefined ? { at: expiresAt } : { in: expiresIn || '7d' }
  return signStateBackedToken({ stateBackedKeyId: sb.keyId, stateBackedSecretKey: sb.secret }, claims, { expires, ...(sb.issuer ? { issuer: sb.issuer } : {}) }, new Date())
}

async function signOnServer(kid: string | undefined, profile: TokenProfile, s: SnippetInput): Promise<string> {
  if (!kid) throw new Error('Choose a signing key (or generate one).')
  const { token } = await api.sign({
    claims: s.claims,
    profile,
    keyId: kid,
    issuedAt: s.issuedAt,
    ...(s.typ ? { typ: s.typ } : {}),
    ...(s.expiresIn ? { expiresIn: s.expiresIn } : {}),
    ...(s.expiresAt !== undefined ? { expiresAt: s.expiresAt } : {}),
    ...(s.notBeforeIn ? { notBeforeIn: s.notBeforeIn } : {}),
  })
  return token
}
