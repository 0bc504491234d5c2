'use client'

/** The composer, State Backed simulator and import/export panels. */
import type { TabItem } from '@/components/ui/tabs'
import { ComposerPanel } from './composer-panel'
import { StateBackedPanel } from './statebacked-panel'
import { TransferPanel } from './transfer-panel'
import type { PanelProps } from './panel-props'

export type ExtraTab = 'composer' | 'statebacked' | 'transfer'
export const EXTRA_TABS: readonly TabItem<ExtraTab>[] = [
  { id: 'composer', label: 'Rule composer' },
  { id: 'statebacked', label: 'State Backed' },
  { id: 'transfer', label: 'Import / export' },
]

export function ExtraPanels({ tab, ws, analysis }: PanelProps & { tab: ExtraTab }) {
  if (tab === 'composer') return <ComposerPanel ws={ws} analysis={analysis} />
  if (tab === 'statebacked') return <StateBackedPanel ws={ws} analysis={analysis} />
  return <TransferPanel ws={ws} analysis={analysis} />
}
