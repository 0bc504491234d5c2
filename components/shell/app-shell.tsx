import Link from 'next/link'
import type { ReactNode } from 'react'
import { LiveIndicator } from '@/components/live/live-indicator'
import { SessionControls } from './session-controls'
import { SidebarNav } from './sidebar-nav'
import { ThemeToggle } from './theme-toggle'

export function AppShell({ version, children }: { version: string; children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-panel focus:px-3 focus:py-2">
        Skip to content
      </a>
      <header className="sticky top-0 z-40 flex h-14 items-center justify-between border-b border-line bg-panel/95 px-4 backdrop-blur">
        <Link href="/" className="flex items-baseline gap-2 font-semibold">
          <span aria-hidden="true" className="text-accent">◆</span>
          <span>Live Auth Studio</span>
          <span className="text-xs font-normal text-muted" aria-label={`version ${version}`}>
            v{version}
          </span>
        </Link>
        <div className="flex items-center gap-2">
          <LiveIndicator />
          <SessionControls />
          <ThemeToggle />
        </div>
      </header>
      <div className="flex flex-1">
        <aside className="w-52 shrink-0 border-r border-line bg-panel">
          <SidebarNav />
        </aside>
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 p-6">
          {children}
        </main>
      </div>
    </div>
  )
}
