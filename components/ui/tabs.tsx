'use client'

import { useRef, type KeyboardEvent } from 'react'
import { cn } from '@/lib/utils'

export interface TabItem<T extends string> {
  readonly id: T
  readonly label: string
}

/** Ids that tie a tab to its panel: render the panel with `tabPanelProps(prefix, id)`. */
export const tabId = (prefix: string, id: string) => `${prefix}-tab-${id}`
export const panelId = (prefix: string, id: string) => `${prefix}-panel-${id}`

export function tabPanelProps(prefix: string, id: string) {
  return { id: panelId(prefix, id), role: 'tabpanel' as const, 'aria-labelledby': tabId(prefix, id), tabIndex: 0 }
}

/**
 * WAI-ARIA tabs with automatic activation: arrow keys, Home and End move the
 * selection; only the selected tab is in the tab order.
 */
export function Tabs<T extends string>({ items, value, onChange, label, prefix }: { items: readonly TabItem<T>[]; value: T; onChange: (id: T) => void; label: string; prefix: string }) {
  const refs = useRef<Array<HTMLButtonElement | null>>([])
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = items.findIndex((item) => item.id === value)
    const last = items.length - 1
    const next = { ArrowRight: index === last ? 0 : index + 1, ArrowLeft: index === 0 ? last : index - 1, Home: 0, End: last }[event.key]
    const item = next === undefined ? undefined : items[next]
    if (next === undefined || !item) return
    event.preventDefault()
    onChange(item.id)
    refs.current[next]?.focus()
  }
  return (
    <div role="tablist" aria-label={label} onKeyDown={onKeyDown} className="flex gap-1 overflow-x-auto border-b border-line">
      {items.map((item, index) => {
        const selected = item.id === value
        return (
          <button
            key={item.id}
            ref={(el) => {
              refs.current[index] = el
            }}
            type="button"
            role="tab"
            id={tabId(prefix, item.id)}
            aria-selected={selected}
            aria-controls={panelId(prefix, item.id)}
            tabIndex={selected ? 0 : -1}
            onClick={() => onChange(item.id)}
            className={cn(
              '-mb-px shrink-0 whitespace-nowrap border-b-2 px-4 py-2 text-sm font-medium transition',
              selected ? 'border-accent text-accent' : 'border-transparent text-muted hover:text-ink',
            )}
          >
            {item.label}
          </button>
        )
      })}
    </div>
  )
}
