import type { ButtonHTMLAttributes } from 'react'
import { cn } from '@/lib/utils'

type Variant = 'primary' | 'secondary' | 'ghost'

const variants: Record<Variant, string> = {
  primary: 'bg-accent text-white hover:opacity-90 disabled:opacity-50 dark:text-slate-950',
  secondary: 'border border-line bg-panel text-ink hover:bg-surface disabled:opacity-50',
  ghost: 'text-muted hover:bg-surface hover:text-ink disabled:cursor-not-allowed disabled:opacity-50 disabled:hover:bg-transparent',
}

export function Button({
  variant = 'secondary',
  className,
  type = 'button',
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant }) {
  return (
    <button
      type={type}
      className={cn('inline-flex items-center gap-2 rounded-md px-3 py-1.5 text-sm font-medium transition', variants[variant], className)}
      {...props}
    />
  )
}
