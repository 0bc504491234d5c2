'use client'

import { useEffect, useRef, type KeyboardEvent, type RefObject } from 'react'

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])'

/**
 * A modal <dialog> shown while the component is mounted: the page behind is
 * inert, the element marked `data-autofocus` takes focus, Tab stays inside,
 * Escape calls `onCancel` (also when the browser closes the dialog by itself),
 * and focus returns to where it was when the dialog goes.
 * @example const { ref, onKeyDown } = useModalDialog(onCancel); return <dialog ref={ref} onKeyDown={onKeyDown}>…</dialog>
 */
export function useModalDialog(onCancel: () => void): { ref: RefObject<HTMLDialogElement | null>; onKeyDown: (e: KeyboardEvent<HTMLDialogElement>) => void } {
  const ref = useRef<HTMLDialogElement>(null)
  const cancel = useRef(onCancel)
  useEffect(() => {
    cancel.current = onCancel
  })

  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null
    if (!dialog.open) dialog.showModal()
    dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus()
    // The browser closes the dialog on Escape by itself: keep React in step.
    const onNativeCancel = (e: Event) => {
      e.preventDefault()
      cancel.current()
    }
    dialog.addEventListener('cancel', onNativeCancel)
    return () => {
      dialog.removeEventListener('cancel', onNativeCancel)
      if (dialog.open) dialog.close()
      if (before?.isConnected) before.focus()
    }
  }, [])

  const onKeyDown = (e: KeyboardEvent<HTMLDialogElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault()
      cancel.current()
      return
    }
    if (e.key !== 'Tab' || !ref.current) return
    const items = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)]
    const first = items[0]
    const last = items[items.length - 1]
    if (!first || !last) return
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault()
      last.focus()
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault()
      first.focus()
    }
  }
  return { ref, onKeyDown }
}
