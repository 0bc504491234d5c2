'use client'

import { useEffect, useRef, useState, type FocusEvent } from 'react'
import { Button } from '@/components/ui/button'
import { Card, CardTitle } from '@/components/ui/card'
import { Field, Select } from '@/components/ui/field'
import { Notice } from '@/components/ui/notice'
import type { KeyList, TokenProfile } from '@/lib/api/tokens'
import { api, errorText } from './api'
import { ClaimsEditor } from './claims-editor'
import type { Claims } from './claims-model'
import { MINT_FIELD_ORDER, mintToken, planMint } from './mint-plan'
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
const profileLabel = (id: TokenProfile) => PROFILES.find((p) => p.id === id)?.label ?? id

interface Minted {
  /** Changes with every signature, so the output remounts, scrolls into view and takes focus. */
  readonly serial: number
  readonly token: string
  readonly snippet: SnippetInput
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
  const [cleared, setCleared] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [pending, setPending] = useState(false)
  // Inline problems show once a control was left or signing was tried, then follow every keystroke.
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set())
  const [attempted, setAttempted] = useState(false)
  const outputRef = useRef<HTMLElement>(null)
  const errorRef = useRef<HTMLDivElement>(null)

  const signers = keys.phase === 'ready' ? keys.value.keys.filter((k) => k.hasPrivate) : []
  const key = signers.find((k) => k.kid === kid) ?? signers[0]
  const planned = planMint({ profile, claims, times, typ, stateBacked: sb, ...(key ? { key: { kid: key.kid, alg: key.alg } } : {}) })
  const problems = planned.ok ? {} : planned.problems
  const visible = Object.fromEntries(Object.entries(problems).filter(([field]) => attempted || touched.has(field)))

  useEffect(() => {
    const output = outputRef.current
    if (!minted || !output) return
    const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches
    output.focus({ preventScroll: true })
    output.scrollIntoView({ behavior: reduce ? 'auto' : 'smooth', block: 'start' })
  }, [minted])

  useEffect(() => {
    if (error) errorRef.current?.scrollIntoView({ behavior: 'auto', block: 'nearest' })
  }, [error])

  const pickPersona = (id: string) => {
    setPersonaId(id)
    const persona = personas.phase === 'ready' ? personas.value.find((p) => p.id === id) : undefined
    setClaims(persona?.claims ? { ...persona.claims } : { sub: '' })
  }

  const pickProfile = (next: TokenProfile) => {
    if (next === profile) return
    // A token made with the other profile would read as this one's: take it away and say so.
    setCleared(minted ? `The ${profileLabel(profile)} token was cleared: sign again to make a ${profileLabel(next)} token.` : null)
    setMinted(null)
    setError(null)
    setAttempted(false)
    setProfile(next)
    // signToken always sets exp.
    if (next === 'statebacked' && times.expMode === 'none') setTimes({ ...times, expMode: 'in' })
  }

  const markTouched = (event: FocusEvent<HTMLElement>) => {
    const id = event.target.id
    if (id && !touched.has(id)) setTouched(new Set(touched).add(id))
  }

  const sign = async () => {
    setAttempted(true)
    setError(null)
    if (!planned.ok) {
      const first = MINT_FIELD_ORDER.find((field) => problems[field] !== undefined)
      const control = first ? document.getElementById(first) : null
      if (control) control.focus()
      else setError(Object.values(problems)[0] ?? 'The form is not complete.')
      return
    }
    setPending(true)
    try {
      const token = await mintToken(planned.plan, api.sign)
      setCleared(null)
      setAttempted(false)
      setMinted((previous) => ({ serial: (previous?.serial ?? 0) + 1, token, snippet: planned.plan.snippet }))
    } catch (e) {
      setMinted(null)
      setError(errorText(e))
    } finally {
      setPending(false)
    }
  }

  return (
    <div className="space-y-4">
      <div className="grid gap-4 lg:grid-cols-[minmax(0,20rem)_minmax(0,1fr)]" onBlur={markTouched}>
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
                <input type="radio" name="profile" className="mt-1" checked={profile === p.id} onChange={() => pickProfile(p.id)} />
                <span>
                  <span className="font-medium">{p.label}</span>
                  <span className="block text-xs text-muted">{p.hint}</span>
                </span>
              </label>
            ))}
          </fieldset>
          {profile === 'statebacked' ? (
            <StateBackedKeyInputs value={sb} onChange={setSb} problems={visible} />
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
          <TimeControls value={times} onChange={setTimes} stateBacked={profile === 'statebacked'} problems={visible} />
        </Card>
        <Card aria-labelledby="gen-claims">
          <CardTitle id="gen-claims">Claims</CardTitle>
          <ClaimsEditor claims={claims} onChange={setClaims} profile={profile} />
          <div className="mt-4 flex flex-wrap items-center gap-3">
            <Button variant="primary" onClick={sign} disabled={pending} className="shrink-0 whitespace-nowrap">
              {pending ? 'Signing…' : 'Sign token'}
            </Button>
            <span className="text-xs text-muted">{profile === 'statebacked' ? 'Signed in this page.' : 'Signed by the studio server with the chosen key (its private part stays there).'}</span>
            {attempted && !planned.ok && (
              <p role="alert" className="basis-full text-xs text-deny">
                Fix the {Object.keys(problems).length === 1 ? 'field marked' : `${Object.keys(problems).length} fields marked`} in Setup first.
              </p>
            )}
          </div>
        </Card>
      </div>
      <div aria-live="polite">
        {error && (
          <div ref={errorRef} className="scroll-mt-20">
            <Notice tone="deny" role="alert">
              {error}
            </Notice>
          </div>
        )}
        {cleared && !minted && (
          <Notice tone="info" role="status" data-testid="token-cleared">
            {cleared}
          </Notice>
        )}
      </div>
      {/* Not in the live region: focus moves here, and a screen reader should not read the whole token out. */}
      {minted && <TokenOutput key={minted.serial} ref={outputRef} token={minted.token} snippet={minted.snippet} onDecode={() => onDecode(minted.token)} />}
    </div>
  )
}
