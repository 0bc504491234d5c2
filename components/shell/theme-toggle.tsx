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

/** Light/dark switch; starts from the system preference, remembers an explicit choice. */
export function ThemeToggle() {
  const theme = useSyncExternalStore<Theme | null>(subscribe, readTheme, () => null)
  const next: Theme = theme === 'dark' ? 'light' : 'dark'
  return (
    <Button
      variant="ghost"
      aria-label={`Switch to ${next} theme`}
      aria-pressed={theme === 'dark'}
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
      <span aria-hidden="true">{theme === 'dark' ? '☾' : '☀'}</span>
      <span className="text-xs">{theme === 'dark' ? 'Dark' : 'Light'}</span>
    </Button>
  )
}
