'use client'

import Link from 'next/link'
import { formatDurationUs } from '@/components/trace/trace-format'
import { Card, CardTitle } from '@/components/ui/card'
import { Notice } from '@/components/ui/notice'
import { Stat } from '@/components/ui/stat'
import { searchFromQuery } from '@/lib/api/decisions'
import { plural } from '@/lib/utils'
import { BarList } from './bar-list'
import { callsNote, metricsSummary, pct, windowText } from './dashboard-text'
import { SourceTable } from './source-table'
import { TimelineChart } from './timeline-chart'
import { useMetrics } from './use-metrics'

const link = 'font-medium text-accent underline-offset-2 hover:underline'

/** /traces filtered to these denials; undefined for the log's "(none)" placeholders. */
function tracesHref(filter: { component?: string; action?: string | null; decidedBy?: string }): string | undefined {
  if (Object.values(filter).some((v) => v === '(none)')) return undefined
  const q = searchFromQuery({ verdict: 'deny', component: filter.component, action: filter.action ?? undefined, decidedBy: filter.decidedBy })
  return `/traces?${q}`
}

/** Live counters and charts from the decision log, below the server status. */
export function DecisionDashboard() {
  const state = useMetrics()
  const m = state.phase === 'ready' ? state.metrics : state.phase === 'error' ? state.last : undefined
  const total = m ? m.totals.allow + m.totals.deny : 0
  const span = m ? windowText(m.windowMs) : 'in the window'
  const summary = m ? metricsSummary(m) : undefined
  return (
    <div className="space-y-4" aria-busy={state.phase === 'loading'}>
      {state.phase === 'error' && <Notice tone="deny" role="alert">{state.message} Showing the last known figures.</Notice>}
      <Card aria-labelledby="live-title">
        <CardTitle id="live-title">Live decisions</CardTitle>
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-6">
          <Stat label="Open connections"><span data-testid="open-connections">{m?.openConnections ?? '—'}</span></Stat>
          <Stat label="Authenticated" hint="Open connections with a session, now"><span data-testid="live-authenticated">{m?.live.authenticated ?? '—'}</span></Stat>
          <Stat label="Anonymous" hint="Open connections without a session, now"><span data-testid="live-anonymous">{m?.live.anonymous ?? '—'}</span></Stat>
          <Stat label="Mounted components" hint={m ? `On open connections now; ${plural(m.mounts, 'allowed mount')} ${span}` : 'On open connections now'}><span data-testid="live-mounted">{m?.live.mountedComponents ?? '—'}</span></Stat>
          <Stat label="Decisions / s" hint="Over the last 10 seconds"><span data-testid="decisions-per-second">{m ? m.perSecond.toFixed(1) : '—'}</span></Stat>
          <Stat label="Deny rate"><span data-testid="deny-rate">{m && total > 0 ? pct(m.totals.deny / total) : '—'}</span></Stat>
        </dl>
        <p className="mt-3 text-sm text-muted" data-testid="metrics-summary" aria-live="polite">
          {!m ? 'Loading…' : summary ?? (
            <>No decisions {span} — <Link href="/live" className={link}>open the live tester</Link> to make some.</>
          )}
          {summary && <> <Link href="/traces" className={link}>See them in Traces</Link>.</>}
        </p>
      </Card>
      <Card aria-labelledby="sources-title">
        <CardTitle id="sources-title">By source</CardTitle>
        {m ? <SourceTable rows={m.sources} span={span} /> : <div className="h-16 animate-pulse rounded bg-line" aria-hidden="true" />}
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
          {!m ? (
            <div className="h-40 animate-pulse rounded bg-line" aria-hidden="true" />
          ) : total === 0 ? (
            <div className="flex h-40 flex-col items-center justify-center gap-2 rounded-md border border-dashed border-line text-center text-sm text-muted" data-testid="timeline-empty">
              <p>Nothing to draw yet: no decisions {span}.</p>
              <Link href="/live" className="inline-flex items-center rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-white hover:opacity-90 dark:text-slate-950">Open the live tester</Link>
            </div>
          ) : (
            <TimelineChart data={m.timeline} bucketMs={m.bucketMs} nowMs={m.nowMs} captionId="timeline-title" />
          )}
        </Card>
        <Card aria-labelledby="layers-title">
          <CardTitle id="layers-title">Denials by deciding layer</CardTitle>
          <BarList
            label="Denials by deciding layer"
            empty={<>No denials {span}. To see one, <Link href="/live" className={link}>connect in the live tester</Link> as a persona without the role a component asks for.</>}
            items={(m?.denialsByLayer ?? []).map((d) => ({ key: d.layer, label: d.layer, value: d.count, ...hrefOf(tracesHref({ decidedBy: d.layer })) }))}
          />
        </Card>
        <Card aria-labelledby="top-title">
          <CardTitle id="top-title">Top denied component.action</CardTitle>
          <BarList
            label="Top denied component.action pairs"
            empty={<>No denials {span}. Denied mounts and actions are ranked here; <Link href="/rules" prefetch={false} className={link}>the decision matrix in Rules</Link> shows who should be refused.</>}
            items={(m?.topDenied ?? []).map((d) => ({ key: `${d.component}.${d.action ?? ''}`, label: d.action ? `${d.component}.${d.action}` : d.component, value: d.count, ...hrefOf(tracesHref({ component: d.component, action: d.action })) }))}
          />
        </Card>
        <Card aria-labelledby="slow-title" className="lg:col-span-2">
          <CardTitle id="slow-title">Slowest authorize functions (p95)</CardTitle>
          <BarList
            label="Slowest authorize functions by p95 duration"
            tone="warn"
            format={formatDurationUs}
            empty={<>No custom <code className="font-mono">authorize()</code> ran {span}. Write one in <Link href="/rules" prefetch={false} className={link}>Rules</Link>, then call its action from the live tester to time it.</>}
            items={(m?.slowAuthorize ?? []).map((s) => ({ key: `${s.target}|${s.layer}`, label: `${s.target} · ${s.layer}`, value: s.p95Us, note: callsNote(s.count) }))}
          />
        </Card>
      </div>
    </div>
  )
}

const hrefOf = (href: string | undefined) => (href ? { href } : {})
