/** Clock helpers for the time controls: epoch seconds <-> `datetime-local` text (local time). */

const pad = (n: number) => String(n).padStart(2, '0')

/** "2026-11-23T10:05:07" in the browser's time zone, for a datetime-local input. */
export function toLocalInput(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
}

/** Epoch seconds of a datetime-local value, or undefined when it is empty or invalid. */
export function fromLocalInput(text: string): number | undefined {
  if (!text) return undefined
  const ms = new Date(text).getTime()
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000)
}

/** Range of the "evaluate at" slider, in minutes from the reference instant. */
export const SLIDER_MIN_MINUTES = -7 * 24 * 60
export const SLIDER_MAX_MINUTES = 30 * 24 * 60

/** "+2 h", "-30 min", "now": the slider's offset, for its aria-valuetext. */
export function offsetLabel(minutes: number): string {
  if (minutes === 0) return 'now'
  const abs = Math.abs(minutes)
  const text = abs % 1440 === 0 ? `${abs / 1440} d` : abs % 60 === 0 ? `${abs / 60} h` : abs > 60 ? `${Math.floor(abs / 60)} h ${abs % 60} min` : `${abs} min`
  return `${minutes > 0 ? '+' : '-'}${text}`
}
