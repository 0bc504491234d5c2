'use client'

import { useMemo, useState } from 'react'
import { Card, CardTitle } from '@/components/ui/card'
import { Field, Textarea } from '@/components/ui/field'
import { Notice } from '@/components/ui/notice'
import type { Verdict } from '@/lib/api/tokens'
import { formatInstant } from '@/lib/tokens'
import { api, errorText } from './api'
import { ClaimChecksForm, EMPTY_CHECKS, toClaimChecks, type CheckInputs } from './claim-checks'
import { ClockControl } from './clock-control'
import { DecodedPanes } from './decoded-view'
import { KeySourceForm, type SourceInputs } from './key-source-form'
import { useLocalVerdict } from './use-local-verdict'
import { ClaimTimeline, LintList, VerificationResult } from './verdict-view'

const nowSeconds = () => Math.floor(Date.now() / 1000)

/** Paste any token: decode what can be read, verify with a chosen key at a chosen instant, lint. */
export function DecodeTab({ token, onTokenChange }: { token: string; onTokenChange: (token: string) => void }) {
  const [base, setBase] = useState(nowSeconds)
  const [at, setAt] = useState(base)
  const [checkInputs, setCheckInputs] = useState<CheckInputs>(EMPTY_CHECKS)
  const [source, setSource] = useState<SourceInputs>({ kind: 'none', keyText: '', secret: '', jwksUrl: '' })
  const [jwksDocument, setJwksDocument] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const [remote, setRemote] = useState<{ verdict: Verdict; token: string; at: number } | null>(null)
  const [remoteError, setRemoteError] = useState<string | undefined>()
  const checks = useMemo(() => toClaimChecks(checkInputs), [checkInputs])
  const local = useLocalVerdict(token, at, checks, source, jwksDocument)

  const fetchJwks = async () => {
    setBusy(true)
    setRemoteError(undefined)
    try {
      // A plain GET of the key set: no credentials, no referrer, no token.
      const res = await fetch(source.jwksUrl, { cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' })
      if (!res.ok) throw new Error(`The JWKS URL answered ${res.status}.`)
      setJwksDocument(await res.json())
    } catch (e) {
      setJwksDocument(null)
      setRemoteError(e instanceof TypeError ? 'The JWKS URL could not be fetched (network or CORS).' : errorText(e))
    } finally {
      setBusy(false)
    }
  }
  const verifyOnServer = async () => {
    setBusy(true)
    setRemoteError(undefined)
    try {
      setRemote({ verdict: await api.verify({ token: token.trim(), at, ...checks }), token, at })
    } catch (e) {
      setRemote(null)
      setRemoteError(errorText(e))
    } finally {
      setBusy(false)
    }
  }

  const verdict = local.verdict
  const serverVerdict = source.kind === 'workspace' && remote?.token === token ? remote : null
  const verification = source.kind === 'workspace' ? serverVerdict?.verdict.verification : verdict?.verification
  const exp = verdict?.decoded.payload?.exp
  return (
    <div className="grid gap-4 xl:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
      <Card aria-labelledby="decode-title" className="space-y-3">
        <CardTitle id="decode-title">Token</CardTitle>
        <Field label="Token (JWT, JWS or JWE; a Bearer prefix is fine)" htmlFor="decode-token" hint="Decoded in this page; it is not sent anywhere unless you choose the workspace keys.">
          <Textarea id="decode-token" rows={6} value={token} onChange={(e) => onTokenChange(e.target.value)} placeholder="eyJhbGciOi…" aria-describedby="decode-token-hint" />
        </Field>
        {verdict ? <DecodedPanes decoded={verdict.decoded} /> : <p className="text-sm text-muted">Paste a token to see its header and payload.</p>}
      </Card>
      <div className="space-y-4">
        <Card aria-labelledby="verify-title" className="space-y-4">
          <CardTitle id="verify-title">Verify</CardTitle>
          <ClockControl at={at} base={base} {...(typeof exp === 'number' ? { exp } : {})} onChange={setAt} onNow={() => { const now = nowSeconds(); setBase(now); setAt(now) }} />
          <ClaimChecksForm value={checkInputs} onChange={setCheckInputs} error={local.checkError ?? null} />
          <KeySourceForm value={source} onChange={setSource} onFetchJwks={fetchJwks} onVerifyOnServer={verifyOnServer} busy={busy} note={local.keyNote} error={local.keyError ?? remoteError} />
        </Card>
        <Card aria-labelledby="result-title" className="space-y-3">
          <CardTitle id="result-title">Result</CardTitle>
          <div aria-live="polite" className="space-y-3">
            {!token.trim() ? (
              <p className="text-sm text-muted">No token yet.</p>
            ) : verification ? (
              <VerificationResult verification={verification} />
            ) : (
              <Notice>{source.kind === 'workspace' ? 'Press “Verify on the studio server” to check the signature.' : 'Signature not checked: choose a key to verify with.'}</Notice>
            )}
            {serverVerdict && serverVerdict.at !== at && <p className="text-xs text-warn">Server verdict evaluated at {formatInstant(serverVerdict.at)}; verify again for the new clock.</p>}
            {verdict && <ClaimTimeline payload={verdict.decoded.payload} at={at} />}
            {verdict && (
              <div>
                <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-muted">Lints (warnings, never blockers)</h3>
                <LintList lints={verdict.lints} />
              </div>
            )}
          </div>
        </Card>
      </div>
    </div>
  )
}
