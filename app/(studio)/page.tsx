import type { Metadata } from 'next'
import { DecisionDashboard } from '@/components/overview/decision-dashboard'
import { ServerStatus } from '@/components/overview/server-status'
import { StartHere } from '@/components/overview/start-here'

export const metadata: Metadata = { title: 'Overview' }

export default function OverviewPage() {
  return (
    <div className="mx-auto max-w-6xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Overview</h1>
        <p className="mt-1 text-base" data-testid="studio-purpose">
          Live Auth Studio runs your FluxStack Live auth rules for real, so you can see who may mount each component and call each action, and why.
        </p>
      </div>
      <StartHere />
      <p className="text-sm text-muted">The studio server, its store, the instances sharing it and the workspace it runs; the figures refresh every 2 seconds.</p>
      <ServerStatus />
      <DecisionDashboard />
    </div>
  )
}
