'use client'

/**
 * Asks before a draft with errors is saved: "Keep editing" (the default, also
 * Escape) or "Save anyway" (the version is saved and marked broken in History).
 * A modal <dialog>: the page behind it is inert and Tab stays inside.
 */
import { useId } from 'react'
import { createPortal } from 'react-dom'
import type { ProblemView } from '@/lib/api/workspace'
import { Button } from '@/components/ui/button'
import { useModalDialog } from '@/components/ui/use-modal-dialog'
import { problemLocation, problemSource } from './problems-model'
import { errorSummary } from './save-check'

/** Errors listed in the dialog; the rest are counted. */
const SHOWN = 6

export function SaveDialog({ errors, onSaveAnyway, onKeepEditing }: {
  errors: readonly ProblemView[]
  onSaveAnyway: () => void
  onKeepEditing: () => void
}) {
  const { ref, onKeyDown } = useModalDialog(onKeepEditing)
  const id = useId()

  const shown = errors.slice(0, SHOWN)
  // On <body>: a parent's spacing utilities (space-y-*) would otherwise set its margins and pin it to the top.
  return createPortal(
    <dialog
      ref={ref}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      onKeyDown={onKeyDown}
      data-testid="save-dialog"
      className="m-auto max-h-[85vh] w-[min(38rem,calc(100vw-2rem))] overflow-auto rounded-lg border border-line bg-panel p-0 text-ink shadow-2xl backdrop:bg-slate-950/60"
    >
      <div className="space-y-3 p-4">
        <h2 id={`${id}-title`} className="text-base font-semibold">Save with errors?</h2>
        <div id={`${id}-body`} className="space-y-2 text-sm">
          <p>
            The draft has <strong>{errorSummary(errors)}</strong>. Saved as it is, the live server runs only what loads: a file that
            fails takes its components out of the matrix and the live server, and rule tests on them cannot run.
          </p>
          <p className="text-muted">A version saved anyway is marked broken in History.</p>
        </div>
        <ul className="max-h-56 space-y-1 overflow-auto rounded-md border border-line bg-surface p-2 text-xs" aria-label="Errors in the draft">
          {shown.map((p, i) => (
            <li key={`${problemLocation(p)}-${i}`} className="flex gap-1.5">
              <span aria-hidden="true" className="font-bold text-deny">✕</span>
              <span className="min-w-0">
                <span className="block font-mono text-muted">{problemLocation(p)}{problemSource(p) ? ` · ${problemSource(p)}` : ''}</span>
                <span className="block whitespace-pre-wrap break-words">{p.message}</span>
              </span>
            </li>
          ))}
          {errors.length > SHOWN && <li className="text-muted">and {errors.length - SHOWN} more in the problems list</li>}
        </ul>
        <div className="flex flex-wrap justify-end gap-2 border-t border-line pt-3">
          <Button variant="secondary" onClick={onSaveAnyway}>Save anyway</Button>
          <Button variant="primary" onClick={onKeepEditing} data-autofocus title="Close and go to the first error (Escape)">Keep editing</Button>
        </div>
      </div>
    </dialog>,
    document.body,
  )
}
