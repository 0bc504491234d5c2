'use client'

import type { PanelProps } from './extra-panels'

// Placeholder until the panel lands (being built now; not linked from anywhere else).
export function ComposerPanel(_props: PanelProps) {
  return <p className="text-sm text-muted">This panel is not built yet.</p>
}
