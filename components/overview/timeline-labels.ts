/**
 * Labels of the Overview timeline's buckets (pure): every bucket's label differs
 * from the others'. Seconds are shown when buckets are not whole minutes apart
 * (15 minutes in 30 buckets: 05:52:00, 05:52:30), the date when a bucket is not
 * on the same day as now.
 */

export interface LabelStyle {
  readonly seconds: boolean
  readonly date: boolean
}

/** The calendar day of `ms` in `timeZone` (the browser's when undefined). */
function dayOf(ms: number, timeZone: string | undefined): string {
  return new Date(ms).toLocaleDateString('en-CA', { timeZone })
}

/** What the labels of these buckets must show to tell them apart. */
export function labelStyle(starts: readonly number[], bucketMs: number, nowMs: number, timeZone?: string): LabelStyle {
  const today = dayOf(nowMs, timeZone)
  return { seconds: bucketMs % 60_000 !== 0, date: starts.some((s) => dayOf(s, timeZone) !== today) }
}

/** One bucket's start, e.g. "05:52:30 AM" or "Mar 3, 11:58 PM" (in `locale`, the browser's by default). */
export function bucketLabel(start: number, style: LabelStyle, locale?: string, timeZone?: string): string {
  return new Date(start).toLocaleString(locale, {
    hour: '2-digit',
    minute: '2-digit',
    ...(style.seconds ? { second: '2-digit' } : {}),
    ...(style.date ? { month: 'short', day: 'numeric' } : {}),
    ...(timeZone ? { timeZone } : {}),
  })
}

/** A bucket as an interval, "05:52:00 AM – 05:52:30 AM", for the chart's table and tooltips. */
export function bucketRange(start: number, bucketMs: number, style: LabelStyle, locale?: string, timeZone?: string): string {
  return `${bucketLabel(start, style, locale, timeZone)} – ${bucketLabel(start + bucketMs, style, locale, timeZone)}`
}
