import type { Metadata } from 'next'
import { LiveTester } from '@/components/live/live-tester'

export const metadata: Metadata = { title: 'Live' }

export default function LivePage() {
  return (
    <div className="mx-auto max-w-7xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Live tester</h1>
        <p className="mt-1 text-sm text-muted">
          Open WebSocket connections to the studio’s live server or your own FluxStack Live server, authenticate as a persona,
          mount components and call actions, and watch every decision pass or fail layer by layer.
        </p>
      </div>
      <LiveTester />
    </div>
  )
}
