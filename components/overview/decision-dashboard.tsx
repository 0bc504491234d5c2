'use client'

import { formatDurationUs } from '@/components/trace/trace-format'
import { Card, CardTitle } from '@/components/ui/card'
import { Notice } from '@/components/ui/notice'
import { Stat } from '@/components/ui/stat'
import { BarList } from './bar-list'
import { TimelineChart } from './timeline-chart'
import { useMetrics, type Metrics } from './use-metrics'

const pct = (n: number) => `${(n * 100).toFixed(n > 0 && n < 0.1 ? 1 : 0)}%`

function summary(m: Metrics): string {
  const total = m.totals.allow + m.totals.deny
  const minutes = Math.round(m.windowMs / 60_000)
  if (total === 0) return `No decisions in the last ${minutes} minutes.`
  const top = m.topDenied[0]
  const topText = top ? ` The most denied is ${top.component}${top.action ? `.${top.action}` : ''} (${top.count}).` : ''
  return `${total} decisions in the last ${minutes} minutes: ${m.totals.allow} allowed, ${m.totals.deny} denied (${pct(m.totals.deny / total)}).${topText}`
}

/** Live counters and charts from the decision log, below the server status. */
export function DecisionDashboard() {
  const state = useMetrics()
  const m = state.phase === 'ready' ? state.metrics : state.phase === 'error' ? state.last : undefined
  const total = m ? m.totals.allow + m.totals.deny : 0
  return (
    <div className="space-y-4" aria-busy={state.phase === 'loading'}>
      {state.phase === 'error' && <Notice tone="deny" role="alert">{state.message} Showing the last known figures.</Notice>}
      <Card aria-labelledby="live-title">
        <CardTitle id="live-title">Live decisions</CardTitle>
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-6">
          <Stat label="Open connections"><span data-testid="open-connections">{m?.openConnections ?? '—'}</span></Stat>
          <Stat label="Authenticated" hint="Open connections with a session, now"><span data-testid="live-authenticated">{m?.live.authenticated ?? '—'}</span></Stat>
          <Stat label="Anonymous" hint="Open connections without a session, now"><span data-testid="live-anonymous">{m?.live.anonymous ?? '—'}</span></Stat>
          <Stat label="Mounted components" hint={m ? `On open connections now; ${m.mounts.toLocaleString('en-US')} allowed mounts in the window` : 'On open connections now'}><span data-testid="live-mounted">{m?.live.mountedComponents ?? '—'}</span></Stat>
          <Stat label="Decisions / s" hint="Over the last 10 seconds"><span data-testid="decisions-per-second">{m ? m.perSecond.toFixed(1) : '—'}</span></Stat>
          <Stat label="Deny rate"><span data-testid="deny-rate">{m && total > 0 ? pct(m.totals.deny / total) : '—'}</span></Stat>
        </dl>
        <p className="mt-3 text-sm text-muted" data-testid="metrics-summary" aria-live="polite">{m ? summary(m) : 'Loading…'}</p>
      </Card>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card aria-labelledby="timeline-title" className="lg:col-span-2">
          <div className="flex items-center justify-between">
            <CardTitle id="timeline-title">Decisions over time</CardTitle>
            <p className="mb-3 flex gap-3 text-xs text-muted" aria-hidden="true">
              <span><span className="mr-1 inline-block h-2 w-2 rounded-sm bg-allow/70" />allowed</span>
              <span><span className="mr-1 inline-block h-2 w-2 rounded-sm bg-deny/80" />denied</span>
            </p>
          </div>
          {m && <TimelineChart data={m.timeline} captionId="timeline-title" />}
        </Card>
        <Card aria-labelledby="layers-title">
          <CardTitle id="layers-title">Denials by deciding layer</CardTitle>
          <BarList label="Denials by deciding layer" empty="No denials in the window." items={(m?.denialsByLayer ?? []).map((d) => ({ key: d.layer, label: d.layer, value: d.count }))} />
        </Card>
        <Card aria-labelledby="top-title">
          <CardTitle id="top-title">Top denied component.action</CardTitle>
          <BarList label="Top denied component.action pairs" empty="No denials in the window." items={(m?.topDenied ?? []).map((d) => ({ key: `${d.component}.${d.action ?? ''}`, label: d.action ? `${d.component}.${d.action}` : d.component, value: d.count }))} />
        </Card>
        <Card aria-labelledby="slow-title" className="lg:col-span-2">
          <CardTitle id="slow-title">Slowest authorize functions (p95)</CardTitle>
          <BarList
            label="Slowest authorize functions by p95 duration"
            tone="warn"
            format={formatDurationUs}
            empty="No custom authorize function ran in the window."
            items={(m?.slowAuthorize ?? []).map((s) => ({ key: `${s.target}|${s.layer}`, label: `${s.target} · ${s.layer}`, value: s.p95Us, note: `(${s.count} calls)` }))}
          />
        </Card>
      </div>
    </div>
  )
}
