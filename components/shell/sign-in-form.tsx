'use client'

import { useEffect, useState, type FormEvent } from 'react'
import { Button } from '@/components/ui/button'

/** Milliseconds a 429 asks to wait (its Retry-After, in seconds); 0 when absent. */
function retryAfterMs(res: Response): number {
  const seconds = Number(res.headers.get('retry-after'))
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0
}

export function SignInForm({ next }: { next: string }) {
  const [error, setError] = useState<string | null>(null)
  const [pending, setPending] = useState(false)
  // While the server throttles this address the button waits too: the server would refuse anyway.
  const [waitMs, setWaitMs] = useState(0)
  useEffect(() => {
    if (waitMs <= 0) return
    const timer = setTimeout(() => setWaitMs(0), waitMs)
    return () => clearTimeout(timer)
  }, [waitMs])

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setPending(true)
    setError(null)
    const token = String(new FormData(event.currentTarget).get('token') ?? '')
    try {
      const res = await fetch('/api/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token }),
      })
      const body = (await res.json().catch(() => ({}))) as { message?: string }
      if (res.status === 429) setWaitMs(retryAfterMs(res))
      if (!res.ok) throw new Error(body.message ?? `Sign-in failed (${res.status}).`)
      // Only same-site paths: never redirect to another origin.
      window.location.assign(next.startsWith('/') && !next.startsWith('//') ? next : '/')
    } catch (e) {
      setError(e instanceof TypeError ? 'The studio server is not reachable.' : (e as Error).message)
      setPending(false)
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <div>
        <label htmlFor="token" className="block text-sm font-medium">
          Admin token
        </label>
        <input
          id="token"
          name="token"
          type="password"
          required
          autoFocus
          autoComplete="current-password"
          aria-describedby={error ? 'signin-error' : 'token-hint'}
          className="mt-1 w-full rounded-md border border-line bg-surface px-3 py-2 font-mono text-sm"
        />
        <p id="token-hint" className="mt-1 text-xs text-muted">
          The value of STUDIO_ADMIN_TOKEN on the server.
        </p>
      </div>
      {error && (
        <p id="signin-error" role="alert" className="text-sm text-deny">
          {error}
        </p>
      )}
      <Button type="submit" variant="primary" disabled={pending || waitMs > 0} className="w-full justify-center">
        {pending ? 'Signing in…' : waitMs > 0 ? 'Wait…' : 'Sign in'}
      </Button>
    </form>
  )
}
