'use client'

/**
 * Asks before a profile switch is saved, restating what the preview found.
 * A modal <dialog>: the page behind is inert, Tab stays inside, Escape cancels.
 */
import { useId } from 'react'
import { Button } from '@/components/ui/button'
import { useModalDialog } from '@/components/ui/use-modal-dialog'
import { confirmCount } from './profile-preview-model'
import type { Preview } from './use-profile-preview'

export function ProfileConfirmDialog({ from, to, preview, others, onConfirm, onCancel }: {
  from: string
  to: string
  preview: Preview
  /** Other fields saved with it ('algorithms, issuer'), if any. */
  others: string
  onConfirm: () => void
  onCancel: () => void
}) {
  const { ref, onKeyDown } = useModalDialog(onCancel)
  const id = useId()

  const found = preview.phase === 'ready'
    ? `${confirmCount(preview.value)} on version ${preview.value.version}, as listed under Ordering profile.`
    : preview.phase === 'error'
      ? `What it changes could not be worked out (${preview.error}).`
      : 'Still working out what it changes…'
  return (
    <dialog
      ref={ref}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      onKeyDown={onKeyDown}
      data-testid="profile-confirm"
      className="w-[min(34rem,calc(100vw-2rem))] rounded-lg border border-line bg-panel p-0 text-ink shadow-2xl backdrop:bg-slate-950/60"
    >
      <div className="space-y-3 p-4">
        <h2 id={`${id}-title`} className="text-base font-semibold">Switch the ordering profile?</h2>
        <div id={`${id}-body`} className="space-y-2 text-sm">
          <p>
            From <span className="font-mono">{from}</span> to <span className="font-mono">{to}</span>. <strong aria-live="polite">{found}</strong>
          </p>
          <p className="text-muted">
            The live server decides components mounted from now on with it; open studio pages pick it up at once.
            {others ? ` Your other changes (${others}) are saved too.` : ''}
          </p>
        </div>
        <div className="flex flex-wrap justify-end gap-2 border-t border-line pt-3">
          <Button variant="secondary" onClick={onCancel} data-autofocus>Keep editing</Button>
          <Button variant="primary" onClick={onConfirm} disabled={preview.phase === 'loading'}>Switch and save</Button>
        </div>
      </div>
    </dialog>
  )
}
