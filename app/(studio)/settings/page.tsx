import type { Metadata } from 'next'
import { SettingsEditor } from '@/components/settings/settings-editor'
import { UpstreamsSection } from '@/components/settings/upstreams-section'

export const metadata: Metadata = { title: 'Settings' }

export default function SettingsPage() {
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Settings</h1>
        <p className="mt-1 text-sm text-muted">
          How the live server decides for this workspace: the order of the action layers and which tokens its JWT provider accepts.
        </p>
      </div>
      <SettingsEditor />
      <UpstreamsSection />
    </div>
  )
}
