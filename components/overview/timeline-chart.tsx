import type { MetricsView } from '@/lib/api/metrics'
import { plural } from '@/lib/utils'
import { bucketLabel, bucketRange, labelStyle } from './timeline-labels'

const W = 600
const H = 160
const PAD = 2

/** Decisions over time, stacked allow (bottom) / deny (top); each bar names its interval on hover, and a table follows for screen readers. */
export function TimelineChart({ data, bucketMs, nowMs, captionId }: { data: MetricsView['timeline']; bucketMs: number; nowMs: number; captionId: string }) {
  const max = Math.max(1, ...data.map((b) => b.allow + b.deny))
  const bw = (W - PAD) / Math.max(1, data.length)
  const y = (n: number) => ((H - PAD) * n) / max
  const style = labelStyle(data.map((b) => b.start), bucketMs, nowMs)
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
            <g key={b.start} data-testid="timeline-bar">
              <title>{`${bucketRange(b.start, bucketMs, style)}: ${b.allow.toLocaleString('en-US')} allowed, ${b.deny.toLocaleString('en-US')} denied`}</title>
              {/* A transparent full-height target, so every interval has a tooltip, even an empty one. */}
              <rect x={x} width={Math.max(1, bw - 2)} y={0} height={H} fill="transparent" />
              <rect x={x} width={Math.max(1, bw - 2)} y={H - PAD - ha} height={ha} className="fill-allow/70" />
              <rect x={x} width={Math.max(1, bw - 2)} y={H - PAD - ha - hd} height={hd} className="fill-deny/80" />
            </g>
          )
        })}
      </svg>
      <div className="flex justify-between font-mono text-[10px] text-muted" aria-hidden="true">
        <span>{data[0] ? bucketLabel(data[0].start, style) : ''}</span>
        <span>now</span>
      </div>
      <table className="sr-only" data-testid="timeline-table">
        <caption>Decisions per interval of {plural(Math.round(bucketMs / 1000), 'second')}, allowed and denied</caption>
        <thead><tr><th scope="col">Interval</th><th scope="col">Allowed</th><th scope="col">Denied</th></tr></thead>
        <tbody>
          {data.filter((b) => b.allow + b.deny > 0).map((b) => <tr key={b.start}><th scope="row">{bucketRange(b.start, bucketMs, style)}</th><td>{b.allow}</td><td>{b.deny}</td></tr>)}
        </tbody>
      </table>
    </figure>
  )
}
