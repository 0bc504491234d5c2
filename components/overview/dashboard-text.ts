/**
 * The Overview dashboard's sentences (pure): the summary under the counters and
 * the notes of its bar lists, with counts in the right number.
 */
import type { MetricsView } from '@/lib/api/metrics'
import { plural } from '@/lib/utils'

/** 0.123 -> "12%", 0.05 -> "5.0%". */
export const pct = (n: number) => `${(n * 100).toFixed(n > 0 && n < 0.1 ? 1 : 0)}%`

/** "in the last 15 minutes", "in the last minute". */
export function windowText(windowMs: number): string {
  const minutes = Math.max(1, Math.round(windowMs / 60_000))
  return minutes === 1 ? 'in the last minute' : `in the last ${minutes} minutes`
}

/** The counters in one sentence; undefined when the window holds no decision (the page then says what to do). */
export function metricsSummary(m: Pick<MetricsView, 'totals' | 'windowMs' | 'topDenied'>): string | undefined {
  const { allow, deny } = m.totals
  const total = allow + deny
  if (total === 0) return undefined
  const top = m.topDenied[0]
  const topText = top ? ` The most denied is ${top.component}${top.action ? `.${top.action}` : ''} (${plural(top.count, 'denial')}).` : ''
  return `${plural(total, 'decision')} ${windowText(m.windowMs)}: ${allow.toLocaleString('en-US')} allowed, ${deny.toLocaleString('en-US')} denied (${pct(deny / total)}).${topText}`
}

/** "(1 call)", "(12 calls)": how many authorize calls a p95 is taken over. */
export function callsNote(count: number): string {
  return `(${plural(count, 'call')})`
}
