'use client'

import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react'
import { cn } from '@/lib/utils'
import { useHydrated } from './use-hydrated'

const control = 'w-full rounded-md border border-line bg-surface px-2.5 py-1.5 text-sm text-ink placeholder:text-muted/70'
// Dimmed only when disabled for a reason: the moment before hydration is not shown.
const dimmed = 'disabled:opacity-60'

export function Input({ className, disabled, ...props }: InputHTMLAttributes<HTMLInputElement>) {
  const hydrated = useHydrated()
  return <input className={cn(control, hydrated && dimmed, className)} disabled={disabled === true || !hydrated} {...props} />
}

export function Textarea({ className, disabled, ...props }: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const hydrated = useHydrated()
  return <textarea spellCheck={false} className={cn(control, hydrated && dimmed, 'font-mono text-xs leading-relaxed', className)} disabled={disabled === true || !hydrated} {...props} />
}

export function Select({ className, disabled, ...props }: SelectHTMLAttributes<HTMLSelectElement>) {
  const hydrated = useHydrated()
  return <select className={cn(control, hydrated && dimmed, 'pr-8', className)} disabled={disabled === true || !hydrated} {...props} />
}

/** A labelled control with an optional hint and an error wired to aria-describedby by the caller. */
export function Field({ label, htmlFor, hint, error, className, children }: { label: ReactNode; htmlFor: string; hint?: ReactNode; error?: string | null; className?: string; children: ReactNode }) {
  return (
    <div className={cn('min-w-0 space-y-1', className)}>
      <label htmlFor={htmlFor} className="block text-xs font-medium text-muted">
        {label}
      </label>
      {children}
      {hint && !error && (
        <p id={`${htmlFor}-hint`} className="text-xs text-muted">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${htmlFor}-error`} role="alert" className="text-xs text-deny">
          {error}
        </p>
      )}
    </div>
  )
}
