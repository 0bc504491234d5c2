'use client'

import { useSyncExternalStore } from 'react'
import { Button } from '@/components/ui/button'

type Theme = 'light' | 'dark'
const STORAGE_KEY = 'studio-theme'

// The theme lives on <html class="dark">, set before paint by the layout's script.
function subscribe(onChange: () => void) {
  const observer = new MutationObserver(onChange)
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class'] })
  return () => observer.disconnect()
}
const readTheme = (): Theme => (document.documentElement.classList.contains('dark') ? 'dark' : 'light')

/**
 * Light/dark switch; starts from the system preference, remembers an explicit choice.
 * The button names the theme it switches to (its visible word is part of its accessible name, WCAG 2.5.3);
 * the page itself shows the current one.
 */
export function ThemeToggle() {
  const theme = useSyncExternalStore<Theme | null>(subscribe, readTheme, () => null)
  const next: Theme = theme === 'dark' ? 'light' : 'dark'
  const label = `Switch to ${next} theme`
  return (
    <Button
      variant="ghost"
      aria-label={label}
      title={label}
      data-theme-current={theme ?? undefined}
      onClick={() => {
        document.documentElement.classList.toggle('dark', next === 'dark')
        try {
          localStorage.setItem(STORAGE_KEY, next)
        } catch {
          // private mode: the toggle still works for this page
        }
      }}
    >
      <span aria-hidden="true">{next === 'dark' ? '☾' : '☀'}</span>
      <span className="text-xs">{next === 'dark' ? 'Dark' : 'Light'}</span>
    </Button>
  )
}
