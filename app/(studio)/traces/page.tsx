import type { Metadata } from 'next'
import { formFromSearch } from '@/components/traces/filter-form'
import { TracesView } from '@/components/traces/traces-view'

export const metadata: Metadata = { title: 'Traces' }

/** The decision log at the full width of the window: its columns grow with it, the open decision (`?id=`) beside them. */
export default async function TracesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Traces</h1>
        <p className="mt-1 text-sm text-muted">
          Every decision the studio&apos;s live server made, and those observed on your own apps through the recording proxy, newest first, with its full trace.
          New decisions stream in while you watch; open one to see why it was allowed or denied.
        </p>
      </div>
      <TracesView initialForm={formFromSearch(params)} />
    </div>
  )
}
