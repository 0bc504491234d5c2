'use client'

import type { ButtonHTMLAttributes } from 'react'
import { cn } from '@/lib/utils'
import { useHydrated } from './use-hydrated'

type Variant = 'primary' | 'secondary' | 'ghost'

const variants: Record<Variant, string> = {
  primary: 'bg-accent text-white hover:opacity-90 dark:text-slate-950',
  secondary: 'border border-line bg-panel text-ink hover:bg-surface',
  ghost: 'text-muted hover:bg-surface hover:text-ink',
}

// Shown only when disabled for a reason: the moment before hydration is not.
const disabledLook: Record<Variant, string> = {
  primary: 'disabled:opacity-50',
  secondary: 'disabled:opacity-50',
  ghost: 'disabled:cursor-not-allowed disabled:opacity-50 disabled:hover:bg-transparent',
}

export function Button({
  variant = 'secondary',
  className,
  type = 'button',
  disabled,
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant }) {
  const hydrated = useHydrated()
  return (
    <button
      type={type}
      className={cn('inline-flex items-center gap-2 rounded-md px-3 py-1.5 text-sm font-medium transition', variants[variant], hydrated && disabledLook[variant], className)}
      disabled={disabled === true || !hydrated}
      {...props}
    />
  )
}
