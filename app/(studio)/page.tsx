import type { Metadata } from 'next'
import { DecisionDashboard } from '@/components/overview/decision-dashboard'
import { ServerStatus } from '@/components/overview/server-status'

export const metadata: Metadata = { title: 'Overview' }

export default function OverviewPage() {
  return (
    <div className="mx-auto max-w-6xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Overview</h1>
        <p className="mt-1 text-sm text-muted">
          The studio server, its embedded store and the workspace it runs. Values refresh every 2 seconds.
        </p>
      </div>
      <ServerStatus />
      <DecisionDashboard />
    </div>
  )
}
