'use client'

import { useId, useState } from 'react'
import { Notice } from '@/components/ui/notice'
import { tabPanelProps, Tabs } from '@/components/ui/tabs'
import { SaveAsTest } from '@/components/trace/save-as-test'
import { TracePanel, traceAnnouncement } from '@/components/trace/trace-panel'
import { FrameLog } from './frame-log'
import type { LiveSession, SessionSnapshot } from './live-session'

type Tab = 'decisions' | 'frames'

/**
 * What one connection did, beside it: its own decision traces (layer by layer,
 * or the studio's prediction next to an external server's answers) and its
 * frames. Sticks in view on wide screens while the connection is scrolled.
 */
export function ConnectionActivity({ session, snapshot }: { session: LiveSession; snapshot: SessionSnapshot }) {
  const prefix = useId()
  const [tab, setTab] = useState<Tab>('decisions')
  const { traces, view, external, predictionError } = snapshot
  const newest = traces[0]
  const items = [
    { id: 'decisions' as const, label: `Decisions (${traces.length})` },
    { id: 'frames' as const, label: `Frames (${view.frames.length})` },
  ]
  return (
    <div className="flex min-w-0 flex-col rounded-lg border border-line bg-panel shadow-sm xl:sticky xl:top-[4.5rem] xl:max-h-[calc(100vh-5.5rem)]" data-testid="connection-activity">
      <Tabs items={items} value={tab} onChange={setTab} label={`Connection ${session.label}: decisions and frames`} prefix={prefix} />
      {/* Announced here, not inside the decisions tab, so it is heard while the frames tab is shown too. */}
      <p className="sr-only" aria-live="polite" aria-atomic="true">{newest ? `Connection ${session.label}. ${traceAnnouncement(newest)}` : ''}</p>
      <div {...tabPanelProps(prefix, 'decisions')} hidden={tab !== 'decisions'} className="max-h-[36rem] min-h-0 flex-1 space-y-3 overflow-auto p-3 xl:max-h-none">
        {external && view.status !== 'idle' && (
          <p className="text-xs text-muted">External server: each decision is the studio’s prediction, compared with what the server answered.</p>
        )}
        {predictionError && <Notice tone="warn" role="alert">{predictionError}</Notice>}
        <TracePanel entries={traces} onClear={session.actions.clearTraces} announce={false} actionsFor={(entry) => <SaveAsTest entry={entry} />}
          empty={view.status === 'open' ? 'No decisions yet: authenticate, mount a component or call an action, and each decision shows here with its layers.' : 'No decisions yet. Connect, authenticate and mount a component: each decision of this connection shows here with its layers.'} />
      </div>
      <div {...tabPanelProps(prefix, 'frames')} hidden={tab !== 'frames'} className="max-h-[36rem] min-h-0 flex-1 overflow-auto p-3 xl:max-h-none">
        <FrameLog frames={view.frames} onClear={session.actions.clearFrames} />
      </div>
    </div>
  )
}
