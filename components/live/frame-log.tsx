'use client'

import { useId, useState } from 'react'
import { Button } from '@/components/ui/button'
import { Input, Select } from '@/components/ui/field'
import { cn } from '@/lib/utils'
import { filterFrames, formatClock, frameLabel, prettyFrame, type DirectionFilter, type FrameRow } from './frame-log-model'

const SHOWN = 200

/** Both directions, newest first, searchable; tokens are masked before a frame is stored. The caller's panel scrolls it. */
export function FrameLog({ frames, onClear }: { frames: readonly FrameRow[]; onClear: () => void }) {
  const id = useId()
  const [query, setQuery] = useState('')
  const [direction, setDirection] = useState<DirectionFilter>('all')
  const matching = filterFrames(frames, query, direction)
  const shown = matching.slice(-SHOWN).reverse()
  return (
    <section aria-labelledby={`${id}-title`} className="space-y-2">
      <div className="flex flex-wrap items-end gap-2">
        <h3 id={`${id}-title`} className="mr-auto text-sm font-semibold">
          Frame log <span className="font-normal text-muted">({matching.length} of {frames.length})</span>
        </h3>
        <label className="sr-only" htmlFor={`${id}-q`}>Search frames</label>
        <div className="w-48">
          <Input id={`${id}-q`} type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Search frames…" />
        </div>
        <label className="sr-only" htmlFor={`${id}-dir`}>Direction</label>
        <div className="w-28">
          <Select id={`${id}-dir`} value={direction} onChange={(e) => setDirection(e.target.value as DirectionFilter)}>
            <option value="all">Both</option>
            <option value="out">Sent</option>
            <option value="in">Received</option>
          </Select>
        </div>
        <Button onClick={onClear} disabled={frames.length === 0}>Clear</Button>
      </div>
      {shown.length === 0 ? (
        <p className="rounded-md border border-dashed border-line p-3 text-sm text-muted">{frames.length === 0 ? 'No frames yet.' : 'No frame matches.'}</p>
      ) : (
        <ol className="space-y-1 rounded-md border border-line p-1" aria-label="Frames, newest first" data-testid="frame-log">
          {shown.map((frame) => (
            <li key={frame.id}>
              <details className="group rounded px-2 py-1 hover:bg-surface">
                <summary className="flex cursor-pointer list-none items-center gap-2 text-xs">
                  <DirectionBadge direction={frame.direction} />
                  <span className="font-mono text-muted">{formatClock(frame.at)}</span>
                  <span className="truncate font-mono font-medium">{frameLabel(frame)}</span>
                </summary>
                <pre tabIndex={0} className="mt-1 max-h-64 overflow-auto whitespace-pre-wrap break-all rounded bg-surface p-2 font-mono text-xs">{prettyFrame(frame.text)}</pre>
              </details>
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}

function DirectionBadge({ direction }: { direction: 'in' | 'out' }) {
  return (
    <span className={cn('inline-flex w-16 justify-center rounded border px-1 font-mono text-[11px]', direction === 'out' ? 'border-accent/40 text-accent' : 'border-line text-muted')}>
      {direction === 'out' ? '↑ sent' : '↓ recv'}
    </span>
  )
}
