import Link from 'next/link'
import type { SourceRow } from '@/lib/api/metrics'
import { STUDIO_SOURCE_NAME } from '@/lib/api/metrics'
import { pct } from './dashboard-text'

const link = 'font-medium text-accent underline-offset-2 hover:underline'
const th = 'px-2 py-1.5 text-left text-[11px] font-semibold uppercase tracking-wide text-muted'
const td = 'px-2 py-1.5 font-mono text-xs tabular-nums'

/** /traces filtered to one source (and to its mismatches). */
export function sourceHref(source: string, mismatch = false): string {
  const q = new URLSearchParams({ source })
  if (mismatch) q.set('mismatch', '1')
  return `/traces?${q}`
}

/** "12%", or "—" when there is nothing to take a rate of. */
const rate = (part: number, whole: number) => (whole > 0 ? pct(part / whole) : '—')

/**
 * Decisions per source over the window: the studio's own live server and every
 * upstream watched through the recording proxy, with deny and mismatch rates.
 * The connections column appears once the API reports connections per source.
 */
export function SourceTable({ rows, span }: { rows: readonly SourceRow[]; span: string }) {
  const withConnections = rows.some((r) => r.connections !== undefined)
  const upstreams = rows.filter((r) => r.source !== STUDIO_SOURCE_NAME)
  return (
    <div className="space-y-2">
      <div className="overflow-x-auto">
        <table className="w-full min-w-[32rem] border-collapse text-sm" data-testid="source-table">
          <caption className="sr-only">Decisions per source {span}: {withConnections ? 'connections open now, ' : ''}decisions per second, total, deny rate and mismatch rate</caption>
          <thead>
            <tr className="border-b border-line">
              <th scope="col" className={th}>Source</th>
              {withConnections && <th scope="col" className={`${th} text-right`}>Connections</th>}
              <th scope="col" className={`${th} text-right`} title="Over the last 10 seconds">Decisions / s</th>
              <th scope="col" className={`${th} text-right`}>Decisions</th>
              <th scope="col" className={`${th} text-right`}>Deny rate</th>
              <th scope="col" className={`${th} text-right`} title="Observed decisions whose upstream answer the workspace predicts differently">Mismatch rate</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const studio = r.source === STUDIO_SOURCE_NAME
              return (
                <tr key={r.source} className="border-b border-line last:border-0" data-testid="source-row" data-source={r.source}>
                  <th scope="row" className="px-2 py-1.5 text-left font-normal">
                    <Link href={sourceHref(r.source)} className={link} title={`Open the decisions of ${studio ? "the studio's own live server" : `upstream ${r.source}`} in Traces`}>
                      {studio ? 'Studio server' : <span className="font-mono">{r.source}</span>}
                    </Link>
                    {!studio && !r.configured && <span className="ml-2 text-xs text-muted">(not configured)</span>}
                  </th>
                  {withConnections && <td className={`${td} text-right`}>{r.connections ?? '—'}</td>}
                  <td className={`${td} text-right`}>{r.perSecond.toFixed(1)}</td>
                  <td className={`${td} text-right`}>{r.decisions.toLocaleString('en-US')}</td>
                  <td className={`${td} text-right`}>{rate(r.deny, r.decisions)}</td>
                  <td className={`${td} text-right`} data-testid="mismatch-rate">
                    {studio ? (
                      <span className="text-muted" title="The studio's own decisions are the workspace's: there is nothing to compare">n/a</span>
                    ) : r.mismatches > 0 ? (
                      <Link href={sourceHref(r.source, true)} className="font-semibold text-red-800 underline-offset-2 hover:underline dark:text-deny" title={`Open the ${r.mismatches.toLocaleString('en-US')} mismatches in Traces`}>
                        {rate(r.mismatches, r.decisions)}
                      </Link>
                    ) : (
                      rate(r.mismatches, r.decisions)
                    )}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
      {upstreams.length === 0 && (
        <p className="text-sm text-muted" data-testid="no-upstreams">
          Only the studio&apos;s own server so far. To watch your own app, name its live server as an upstream in{' '}
          <Link href="/settings" className={link}>Settings</Link> and point its client at <code className="font-mono text-xs">/api/live/proxy/&lt;name&gt;</code>: each decision it makes is
          logged and checked against the workspace.
        </p>
      )}
    </div>
  )
}
