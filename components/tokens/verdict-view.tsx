import { Badge, Notice } from '@/components/ui/notice'
import type { Verdict } from '@/lib/api/tokens'
import { expiryPhrase, formatInstant, relativeTime, type Lint } from '@/lib/tokens'

/** The verification outcome: its code and sentence. */
export function VerificationResult({ verification }: { verification: NonNullable<Verdict['verification']> }) {
  return verification.ok ? (
    <Notice tone="allow" data-testid="verification">
      <Badge tone="allow">VALID</Badge> <span className="ml-1">{verification.message}</span>
    </Notice>
  ) : (
    <Notice tone="deny" data-testid="verification">
      <Badge tone="deny">{verification.code}</Badge> <span className="ml-1">{verification.message}</span>
    </Notice>
  )
}

const SEVERITY_TONE = { high: 'deny', medium: 'warn', low: 'info' } as const

/** Lints: warnings, never blockers; alg none is loud. */
export function LintList({ lints }: { lints: readonly Lint[] }) {
  if (lints.length === 0) return <p className="text-xs text-muted">No lint warnings.</p>
  return (
    <ul className="space-y-1.5" aria-label="Lint warnings">
      {lints.map((lint) => (
        <li key={`${lint.code}-${lint.message}`} className={lint.code === 'ALG_NONE' ? 'rounded-md border-2 border-deny bg-deny/10 p-2 text-sm font-semibold' : 'text-sm'}>
          <Badge tone={SEVERITY_TONE[lint.severity]}>{lint.code}</Badge> <span className="ml-1">{lint.message}</span>
        </li>
      ))}
    </ul>
  )
}

const TIME_CLAIMS = [
  ['iat', 'issued'],
  ['nbf', 'valid from'],
  ['exp', 'expires'],
] as const

/** iat / nbf / exp with human durations at the chosen clock. */
export function ClaimTimeline({ payload, at }: { payload?: Readonly<Record<string, unknown>>; at: number }) {
  const rows = TIME_CLAIMS.flatMap(([name, label]) => {
    const value = payload?.[name]
    return typeof value === 'number' ? [{ name, label, value }] : []
  })
  if (rows.length === 0) return <p className="text-xs text-muted">No time claims.</p>
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm" data-testid="timeline">
      {rows.map((row) => (
        <div key={row.name} className="contents">
          <dt className="font-mono text-xs text-muted">{row.name}</dt>
          <dd>
            <span className={row.name === 'exp' && row.value <= at ? 'font-semibold text-deny' : undefined}>
              {row.name === 'exp' ? expiryPhrase(row.value, at) : `${row.label} ${relativeTime(row.value, at)}`}
            </span>
            <span className="ml-2 font-mono text-xs text-muted">{formatInstant(row.value)}</span>
          </dd>
        </div>
      ))}
    </dl>
  )
}
