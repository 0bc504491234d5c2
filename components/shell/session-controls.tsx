'use client'

import { useEffect, useState } from 'react'
import { Button } from '@/components/ui/button'

type SessionState = { required: boolean; signedIn: boolean }

async function signOut(everywhere: boolean): Promise<string | undefined> {
  const res = await fetch(everywhere ? '/api/session?everywhere=1' : '/api/session', { method: 'DELETE' })
  if (res.ok) return undefined
  const body = (await res.json().catch(() => ({}))) as { message?: string }
  return body.message ?? `Sign-out failed (${res.status}).`
}

/** Sign out / sign out everywhere, shown only to a signed-in admin of a studio that requires sign-in. */
export function SessionControls() {
  const [state, setState] = useState<SessionState | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [pending, setPending] = useState(false)

  useEffect(() => {
    let live = true
    fetch('/api/session', { cache: 'no-store' })
      .then((res) => (res.ok ? (res.json() as Promise<SessionState>) : null))
      .then((value) => {
        if (live) setState(value)
      })
      .catch(() => {})
    return () => {
      live = false
    }
  }, [])

  if (!state?.required || !state.signedIn) return null

  const run = async (everywhere: boolean) => {
    setPending(true)
    setError(null)
    const failure = await signOut(everywhere).catch(() => 'The studio server is not reachable.')
    if (failure) {
      setError(failure)
      setPending(false)
      return
    }
    // A full load, not a client navigation: nothing of the signed-in pages stays in memory.
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination
    window.location.assign('/signin')
  }

  return (
    <div className="flex items-center gap-1">
      {error && (
        <span role="alert" className="text-xs text-deny">
          {error}
        </span>
      )}
      <Button variant="ghost" disabled={pending} onClick={() => void run(false)}>
        Sign out
      </Button>
      <Button variant="ghost" disabled={pending} title="Ends every admin session, in every browser, including this one" onClick={() => void run(true)}>
        Sign out everywhere
      </Button>
    </div>
  )
}
