import type { Metadata } from 'next'
import { formFromSearch } from '@/components/traces/filter-form'
import { TracesView } from '@/components/traces/traces-view'

export const metadata: Metadata = { title: 'Traces' }

export default async function TracesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams
  const id = typeof params.id === 'string' && /^\d+$/.test(params.id) ? Number(params.id) : undefined
  return (
    <div className="mx-auto max-w-7xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Traces</h1>
        <p className="mt-1 text-sm text-muted">
          Every decision the live server made, newest first, with its full trace. New decisions stream in while you watch.
        </p>
      </div>
      <TracesView initialForm={formFromSearch(params)} {...(id !== undefined ? { initialId: id } : {})} />
    </div>
  )
}
