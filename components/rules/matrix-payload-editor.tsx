'use client'

/**
 * The payload one action column of the matrix is decided with: JSON in a text
 * box, applied to every persona's cell of that column (blank: no payload).
 * Ctrl/⌘+Enter applies, Escape closes; focus returns to the column's button.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react'
import { Button } from '@/components/ui/button'
import { payloadTemplate } from './matrix-model'
import { parsePayloadText, payloadText } from './matrix-payloads'

export function MatrixPayloadEditor({ columnKey, target, value, readFields, onApply, onClose }: {
  columnKey: string
  /** 'LiveAdminPanel.delete' */
  target: string
  /** The payload in force (undefined: none). */
  value: unknown
  /** Payload fields the column's rule is known to read (a hint and a template). */
  readFields: readonly string[]
  /** Stores the payload; returns an error message when it could not. */
  onApply: (value: unknown) => string | undefined
  onClose: () => void
}) {
  const id = useId()
  const [text, setText] = useState(() => payloadText(value))
  const [error, setError] = useState<string | undefined>()
  const box = useRef<HTMLTextAreaElement>(null)

  useEffect(() => {
    box.current?.focus()
  }, [])

  const apply = (next: string) => {
    const parsed = parsePayloadText(next)
    if (!parsed.ok) return setError(parsed.error)
    const failed = onApply(parsed.value)
    if (failed) return setError(failed)
    onClose()
  }

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault()
      onClose()
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault()
      apply(text)
    }
  }

  const insert = () => {
    const parsed = parsePayloadText(text)
    const next = payloadTemplate(readFields, parsed.ok ? parsed.value : undefined)
    setText(payloadText(next))
    setError(undefined)
    box.current?.focus()
  }

  return (
    <form
      className="space-y-2 rounded-md border border-accent/40 bg-accent/5 p-3"
      aria-labelledby={`${id}-title`}
      data-testid="payload-editor"
      data-column={columnKey}
      onSubmit={(e) => {
        e.preventDefault()
        apply(text)
      }}
      onKeyDown={onKeyDown}
    >
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h3 id={`${id}-title`} className="text-sm font-semibold">Payload for <span className="font-mono">{target}</span></h3>
        <p className="text-xs text-muted">
          Every persona’s cell in this column is decided as if the action were called with it. Kept for this workspace in this browser.
        </p>
      </div>
      <label htmlFor={`${id}-text`} className="sr-only">Payload JSON for {target}</label>
      <textarea
        ref={box}
        spellCheck={false}
        className="w-full rounded-md border border-line bg-surface px-2.5 py-1.5 font-mono text-xs leading-relaxed text-ink placeholder:text-muted"
        id={`${id}-text`}
        rows={Math.min(10, Math.max(3, text.split('\n').length + 1))}
        value={text}
        placeholder="No payload: the action is called without one. Type JSON, e.g. { &quot;targetUserId&quot;: &quot;u-admin&quot; }"
        onChange={(e) => {
          setText(e.target.value)
          setError(undefined)
        }}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-${error ? 'error' : 'hint'}`}
        aria-keyshortcuts="Control+Enter Meta+Enter"
      />
      {error
        ? <p id={`${id}-error`} role="alert" className="text-xs text-deny">{error}</p>
        : (
            <p id={`${id}-hint`} className="text-xs text-muted">
              JSON, or blank for no payload. {readFields.length > 0 && <>The rule reads <span className="font-mono text-ink">{readFields.join(', ')}</span>. </>}
              Ctrl+Enter applies, Escape closes.
            </p>
          )}
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" variant="primary">Apply payload</Button>
        {readFields.length > 0 && <Button onClick={insert}>Insert the fields the rule reads</Button>}
        <Button onClick={() => apply('')} disabled={value === undefined} title="Call the action without a payload">No payload</Button>
        <Button variant="ghost" onClick={onClose}>Cancel</Button>
      </div>
    </form>
  )
}
