'use client'

import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/field'
import { formatInstant, relativeTime } from '@/lib/tokens'
import { SLIDER_MAX_MINUTES, SLIDER_MIN_MINUTES, fromLocalInput, offsetLabel, toLocalInput } from './clock'

/**
 * The explicit clock claims are evaluated at: a picker, a slider in minutes
 * around `base` (the moment the page last said "now"), and shortcuts.
 */
export function ClockControl({ at, base, exp, onChange, onNow }: { at: number; base: number; exp?: number; onChange: (at: number) => void; onNow: () => void }) {
  const offset = Math.round((at - base) / 60)
  return (
    <fieldset className="space-y-2">
      <legend className="text-xs font-semibold uppercase tracking-wide text-muted">Evaluate at</legend>
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor="eval-at" className="sr-only">
          Evaluate at (local time)
        </label>
        <Input id="eval-at" type="datetime-local" step={1} value={toLocalInput(at)} onChange={(e) => onChange(fromLocalInput(e.target.value) ?? at)} className="w-auto" />
        <Button onClick={onNow}>Now</Button>
        {exp !== undefined && (
          <>
            <Button onClick={() => onChange(exp - 1)}>Just before exp</Button>
            <Button onClick={() => onChange(exp + 60)}>1 min after exp</Button>
          </>
        )}
      </div>
      <label htmlFor="eval-offset" className="block text-xs text-muted">
        Offset from now: <span className="font-mono">{offsetLabel(offset)}</span>
      </label>
      <input
        id="eval-offset"
        type="range"
        min={SLIDER_MIN_MINUTES}
        max={SLIDER_MAX_MINUTES}
        step={1}
        value={Math.min(SLIDER_MAX_MINUTES, Math.max(SLIDER_MIN_MINUTES, offset))}
        aria-valuetext={offsetLabel(offset)}
        onChange={(e) => onChange(base + Number(e.target.value) * 60)}
        className="w-full accent-[rgb(var(--accent))]"
      />
      <p className="text-xs text-muted">
        {formatInstant(at)} ({relativeTime(at, base)})
      </p>
    </fieldset>
  )
}
