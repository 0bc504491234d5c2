'use client'

import { useState, type FormEvent } from 'react'
import { Button } from '@/components/ui/button'
import { Field, Input, Select, Textarea } from '@/components/ui/field'
import { ALGORITHMS, SIGNING_ALGORITHMS, type SigningAlgorithm } from '@/lib/tokens'
import { api, errorText } from './api'

const CURVE_HINT: Partial<Record<SigningAlgorithm, string>> = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521', EdDSA: 'Ed25519' }

/** Generate HMAC secrets, RSA 2048/3072/4096, EC P-256/384/521 or Ed25519 on the server. */
export function GenerateKeyForm({ onDone }: { onDone: (message: string) => void }) {
  const [alg, setAlg] = useState<SigningAlgorithm>('ES256')
  const [bytes, setBytes] = useState(32)
  const [modulus, setModulus] = useState<2048 | 3072 | 4096>(2048)
  const [kid, setKid] = useState('')
  const [label, setLabel] = useState('')
  const [state, setState] = useState<{ busy: boolean; error?: string }>({ busy: false })
  const family = ALGORITHMS[alg].family
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setState({ busy: true })
    try {
      const { keys } = await api.createKey({
        action: 'generate',
        alg,
        ...(family === 'HMAC' ? { secretBytes: bytes } : {}),
        ...(family === 'RSA' || family === 'RSA-PSS' ? { modulusLength: modulus } : {}),
        ...(kid ? { kid } : {}),
        ...(label ? { label } : {}),
      })
      setState({ busy: false })
      setKid('')
      onDone(`Generated ${keys.map((k) => k.kid).join(', ')}.`)
    } catch (e) {
      setState({ busy: false, error: errorText(e) })
    }
  }
  return (
    <form onSubmit={submit} className="space-y-3" aria-label="Generate a key">
      <div className="grid grid-cols-2 gap-3">
        <Field label="Algorithm" htmlFor="gen-alg" hint={CURVE_HINT[alg] ? `Curve ${CURVE_HINT[alg]}` : undefined}>
          <Select id="gen-alg" value={alg} onChange={(e) => setAlg(e.target.value as SigningAlgorithm)}>
            {SIGNING_ALGORITHMS.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </Select>
        </Field>
        {family === 'HMAC' && (
          <Field label="Secret length (bytes)" htmlFor="gen-bytes" hint={`At least ${ALGORITHMS[alg].hashBits / 8} for ${alg}`}>
            <Input id="gen-bytes" type="number" min={16} max={512} value={bytes} onChange={(e) => setBytes(Number(e.target.value))} />
          </Field>
        )}
        {(family === 'RSA' || family === 'RSA-PSS') && (
          <Field label="Modulus" htmlFor="gen-modulus">
            <Select id="gen-modulus" value={modulus} onChange={(e) => setModulus(Number(e.target.value) as 2048 | 3072 | 4096)}>
              <option value={2048}>2048 bits</option>
              <option value={3072}>3072 bits</option>
              <option value={4096}>4096 bits</option>
            </Select>
          </Field>
        )}
        <Field label="kid (optional)" htmlFor="gen-kid" hint="Default: the RFC 7638 thumbprint">
          <Input id="gen-kid" value={kid} onChange={(e) => setKid(e.target.value)} />
        </Field>
        <Field label="Label (optional)" htmlFor="gen-label">
          <Input id="gen-label" value={label} onChange={(e) => setLabel(e.target.value)} />
        </Field>
      </div>
      <Button type="submit" variant="primary" disabled={state.busy}>
        {state.busy ? 'Generating…' : 'Generate key'}
      </Button>
      {state.error && <p role="alert" className="text-xs text-deny">{state.error}</p>}
    </form>
  )
}

/** Import a PEM (SPKI, PKCS#8, certificate), a JWK or a JWKS. */
export function ImportKeyForm({ onDone }: { onDone: (message: string) => void }) {
  const [text, setText] = useState('')
  const [alg, setAlg] = useState('')
  const [kid, setKid] = useState('')
  const [state, setState] = useState<{ busy: boolean; error?: string }>({ busy: false })
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setState({ busy: true })
    try {
      const { keys, skipped } = await api.createKey({ action: 'import', text, ...(alg ? { alg: alg as SigningAlgorithm } : {}), ...(kid ? { kid } : {}) })
      setState({ busy: false })
      setText('')
      onDone(`Imported ${keys.map((k) => k.kid).join(', ')}${skipped.length ? `; skipped ${skipped.length}: ${skipped.map((s) => s.reason).join('; ')}` : ''}.`)
    } catch (e) {
      setState({ busy: false, error: errorText(e) })
    }
  }
  return (
    <form onSubmit={submit} className="space-y-3" aria-label="Import a key">
      <Field label="PEM, JWK or JWKS" htmlFor="import-text">
        <Textarea id="import-text" rows={6} required value={text} onChange={(e) => setText(e.target.value)} placeholder={'-----BEGIN PUBLIC KEY-----\n…'} />
      </Field>
      <div className="grid grid-cols-2 gap-3">
        <Field label="Algorithm" htmlFor="import-alg" hint="Needed for PEM and RSA/oct JWKs without alg">
          <Select id="import-alg" value={alg} onChange={(e) => setAlg(e.target.value)}>
            <option value="">From the key</option>
            {SIGNING_ALGORITHMS.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </Select>
        </Field>
        <Field label="kid (optional)" htmlFor="import-kid">
          <Input id="import-kid" value={kid} onChange={(e) => setKid(e.target.value)} />
        </Field>
      </div>
      <Button type="submit" disabled={state.busy}>
        {state.busy ? 'Importing…' : 'Import'}
      </Button>
      {state.error && <p role="alert" className="text-xs text-deny">{state.error}</p>}
    </form>
  )
}
