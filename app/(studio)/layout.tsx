import type { ReactNode } from 'react'
import { LiveProvider } from '@/components/live/live-provider'
import { AppShell } from '@/components/shell/app-shell'
import pkg from '@/package.json'

// Live tester connections belong to the shell, so they stay open while the user moves between pages.
export default function StudioLayout({ children }: { children: ReactNode }) {
  return (
    <LiveProvider>
      <AppShell version={pkg.version}>{children}</AppShell>
    </LiveProvider>
  )
}
