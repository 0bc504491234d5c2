import type { DecisionMetrics } from '@/lib/store/decision-metrics'

const W = 600
const H = 160
const PAD = 2

const hhmm = (ms: number) => new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })

/** Decisions over time, stacked allow (bottom) / deny (top); an equivalent table follows for screen readers. */
export function TimelineChart({ data, captionId }: { data: DecisionMetrics['timeline']; captionId: string }) {
  const max = Math.max(1, ...data.map((b) => b.allow + b.deny))
  const bw = (W - PAD) / Math.max(1, data.length)
  const y = (n: number) => ((H - PAD) * n) / max
  return (
    <figure aria-labelledby={captionId} className="relative pl-8">
      <span className="absolute left-0 top-0 font-mono text-[10px] text-muted" aria-hidden="true">{max}</span>
      <span className="absolute bottom-5 left-0 font-mono text-[10px] text-muted" aria-hidden="true">0</span>
      <svg viewBox={`0 0 ${W} ${H}`} className="h-40 w-full" role="img" aria-labelledby={captionId} preserveAspectRatio="none">
        <line x1={PAD} x2={W} y1={H - PAD} y2={H - PAD} className="stroke-line" strokeWidth={1} />
        {data.map((b, i) => {
          const x = PAD + i * bw + 1
          const ha = y(b.allow)
          const hd = y(b.deny)
          return (
            <g key={b.start}>
              <rect x={x} width={Math.max(1, bw - 2)} y={H - PAD - ha} height={ha} className="fill-allow/70" />
              <rect x={x} width={Math.max(1, bw - 2)} y={H - PAD - ha - hd} height={hd} className="fill-deny/80" />
            </g>
          )
        })}
      </svg>
      <div className="flex justify-between font-mono text-[10px] text-muted" aria-hidden="true">
        <span>{data.length > 0 ? hhmm(data[0]?.start ?? 0) : ''}</span>
        <span>now</span>
      </div>
      <table className="sr-only">
        <caption>Decisions per interval, allowed and denied</caption>
        <thead><tr><th scope="col">From</th><th scope="col">Allowed</th><th scope="col">Denied</th></tr></thead>
        <tbody>
          {data.filter((b) => b.allow + b.deny > 0).map((b) => <tr key={b.start}><td>{hhmm(b.start)}</td><td>{b.allow}</td><td>{b.deny}</td></tr>)}
        </tbody>
      </table>
    </figure>
  )
}
