'use client'

import { useEffect, useState } from 'react'
import { buildVerdict, type ClaimChecks, type Verdict } from '@/lib/api/tokens'
import { decodeToken } from '@/lib/tokens'
import { errorText } from './api'
import { fromJwksDocument, fromPastedKey, fromSecret, type Resolved } from './key-source'
import type { SourceInputs } from './key-source-form'

export interface LocalVerdict {
  readonly verdict?: Verdict
  readonly keyError?: string
  readonly keyNote?: string
  readonly checkError?: string
}

async function resolve(inputs: SourceInputs, jwksDocument: unknown, token: string): Promise<Resolved> {
  const decoded = decodeToken(token)
  const now = new Date()
  if (inputs.kind === 'pasted') return fromPastedKey(inputs.keyText, decoded.alg, now)
  if (inputs.kind === 'secret') return fromSecret(inputs.secret, decoded.alg, decoded.kid, now)
  if (inputs.kind === 'jwks-url') return jwksDocument === null ? { ok: true, source: null } : fromJwksDocument(jwksDocument)
  return { ok: true, source: null }
}

/** Decodes, verifies (with a browser-side key) and lints at `at`; recomputed on every input change. */
export function useLocalVerdict(token: string, at: number, checks: ClaimChecks, inputs: SourceInputs, jwksDocument: unknown): LocalVerdict {
  const [state, setState] = useState<LocalVerdict>({})
  const checksKey = JSON.stringify(checks)
  useEffect(() => {
    let cancelled = false
    const run = async (): Promise<LocalVerdict> => {
      if (!token.trim()) return {}
      const resolved = await resolve(inputs, jwksDocument, token)
      const source = resolved.ok ? (resolved.source ?? {}) : {}
      const keyInfo = resolved.ok ? (resolved.note ? { keyNote: resolved.note } : {}) : { keyError: resolved.message }
      try {
        return { ...keyInfo, verdict: await buildVerdict(token, { ...checks, at, ...source }) }
      } catch (error) {
        // Bad durations in the checks: show the decode and lints anyway.
        return { ...keyInfo, checkError: errorText(error), verdict: await buildVerdict(token, { at }) }
      }
    }
    run().then((next) => !cancelled && setState(next))
    return () => {
      cancelled = true
    }
    // checks is compared by value through checksKey.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [token, at, checksKey, inputs, jwksDocument])
  return state
}
