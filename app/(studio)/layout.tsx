import type { ReactNode } from 'react'
import { AppShell } from '@/components/shell/app-shell'
import pkg from '@/package.json'

export default function StudioLayout({ children }: { children: ReactNode }) {
  return <AppShell version={pkg.version}>{children}</AppShell>
}
