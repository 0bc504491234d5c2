'use client'

import { useState, type KeyboardEvent } from 'react'
import { cn } from '@/lib/utils'

/**
 * A list of short strings as removable chips. Enter or comma adds the typed
 * value; Backspace in the empty input removes the last chip; each chip has its
 * own remove button, so everything works from the keyboard.
 */
export function ChipsInput({ id, label, values, onChange, placeholder }: { id: string; label: string; values: readonly string[]; onChange: (values: string[]) => void; placeholder?: string }) {
  const [draft, setDraft] = useState('')
  const add = () => {
    const value = draft.trim().replace(/,$/, '')
    if (value && !values.includes(value)) onChange([...values, value])
    setDraft('')
  }
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' || event.key === ',') {
      event.preventDefault()
      add()
    } else if (event.key === 'Backspace' && draft === '' && values.length) {
      onChange(values.slice(0, -1))
    }
  }
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-xs font-medium text-muted">
        {label}
      </label>
      <div className={cn('flex min-h-[34px] flex-wrap items-center gap-1 rounded-md border border-line bg-surface px-1.5 py-1 focus-within:ring-2 focus-within:ring-accent')}>
        <ul className="contents" aria-label={`${label} values`}>
          {values.map((value) => (
            <li key={value} className="inline-flex items-center gap-1 rounded bg-accent/10 py-0.5 pl-2 pr-1 font-mono text-xs text-accent">
              {value}
              <button type="button" onClick={() => onChange(values.filter((v) => v !== value))} aria-label={`Remove ${value} from ${label}`} className="rounded px-1 hover:bg-accent/20">
                ×
              </button>
            </li>
          ))}
        </ul>
        <input
          id={id}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={onKeyDown}
          onBlur={add}
          placeholder={values.length ? '' : placeholder}
          aria-describedby={`${id}-help`}
          className="min-w-[6rem] flex-1 bg-transparent px-1 py-0.5 text-sm outline-none focus-visible:ring-0 focus-visible:ring-offset-0"
        />
      </div>
      <p id={`${id}-help`} className="sr-only">
        Press Enter to add, Backspace in the empty field to remove the last one.
      </p>
    </div>
  )
}
