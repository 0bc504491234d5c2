'use client'

import Link from 'next/link'
import { useCallback, useEffect, useId, useState } from 'react'
import { z } from 'zod'
import { Button } from '@/components/ui/button'
import { Card, CardTitle } from '@/components/ui/card'
import { CopyButton } from '@/components/ui/copy-button'
import { Field, Input } from '@/components/ui/field'
import { Notice } from '@/components/ui/notice'
import { upstreamFiguresSchema, type UpstreamFiguresView } from '@/lib/api/status'
import { upstreamSchema, type Upstream } from '@/lib/live/proxy/upstreams'

const viewSchema = z.object({
  upstreams: z.array(upstreamSchema),
  proxyPath: z.string(),
  open: z.number(),
  figures: z.array(upstreamFiguresSchema),
})
type View = z.infer<typeof viewSchema>

interface Row {
  readonly key: number
  name: string
  url: string
  origin: string
}

let nextKey = 1
const toRows = (list: readonly Upstream[]): Row[] => list.map((u) => ({ key: nextKey++, name: u.name, url: u.url, origin: u.origin ?? '' }))
const toList = (rows: readonly Row[]): Upstream[] =>
  rows.map((r) => ({ name: r.name.trim(), url: r.url.trim(), ...(r.origin.trim() ? { origin: r.origin.trim() } : {}) }))

async function readError(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { message?: string }
    return body.message ?? `HTTP ${res.status}`
  } catch {
    return `HTTP ${res.status}`
  }
}

function wsBase(): string {
  if (typeof window === 'undefined') return ''
  return `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}`
}

function Figures({ f }: { f: UpstreamFiguresView | undefined }) {
  if (!f || f.connections === 0) return <p className="text-xs text-muted">No client has connected through yet.</p>
  const rate = (n: number) => (f.decisions > 0 ? `${((100 * n) / f.decisions).toFixed(1)}%` : '–')
  return (
    <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-xs sm:grid-cols-4" data-testid={`upstream-figures-${f.name}`}>
      <div><dt className="text-muted">Open now</dt><dd className="font-mono">{f.open}</dd></div>
      <div><dt className="text-muted">Connections</dt><dd className="font-mono">{f.connections}{f.failedConnects > 0 ? ` (${f.failedConnects} failed)` : ''}</dd></div>
      <div><dt className="text-muted">Decisions observed</dt><dd className="font-mono">{f.decisions}</dd></div>
      <div><dt className="text-muted">Denied / mismatched</dt><dd className="font-mono">{rate(f.denied)} / {rate(f.mismatches)}</dd></div>
    </dl>
  )
}

/**
 * Settings > Upstreams: the live servers the recording proxy may reach. A client
 * pointed at /api/live/proxy/<name> talks to that upstream through the studio,
 * and every decision the upstream makes is logged next to the workspace's prediction.
 */
export function UpstreamsSection() {
  const id = useId()
  const [view, setView] = useState<View | null>(null)
  const [rows, setRows] = useState<Row[]>([])
  const [dirty, setDirty] = useState(false)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [saveError, setSaveError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const [saved, setSaved] = useState(false)

  const load = useCallback(async (replaceRows: boolean) => {
    try {
      const res = await fetch('/api/live/upstreams', { cache: 'no-store' })
      if (!res.ok) throw new Error(await readError(res))
      const parsed = viewSchema.parse(await res.json())
      setView(parsed)
      setLoadError(null)
      if (replaceRows) setRows(toRows(parsed.upstreams))
    } catch (error) {
      setLoadError(error instanceof Error ? error.message : String(error))
    }
  }, [])

  // Loads once, then refreshes the figures every 5 s while the page is open; the rows being edited are left alone.
  useEffect(() => {
    const first = setTimeout(() => void load(true), 0)
    const timer = setInterval(() => void load(false), 5000)
    return () => {
      clearTimeout(first)
      clearInterval(timer)
    }
  }, [load])

  const edit = (key: number, field: 'name' | 'url' | 'origin', value: string) => {
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, [field]: value } : r)))
    setDirty(true)
    setSaved(false)
  }

  const save = async () => {
    setSaving(true)
    setSaveError(null)
    try {
      const res = await fetch('/api/live/upstreams', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ upstreams: toList(rows) }) })
      if (!res.ok) throw new Error(await readError(res))
      const parsed = viewSchema.parse(await res.json())
      setView(parsed)
      setRows(toRows(parsed.upstreams))
      setDirty(false)
      setSaved(true)
    } catch (error) {
      setSaveError(error instanceof Error ? error.message : String(error))
    } finally {
      setSaving(false)
    }
  }

  const figuresOf = (name: string) => view?.figures.find((f) => f.name === name)
  const savedNames = new Set(view?.upstreams.map((u) => u.name) ?? [])

  return (
    <Card aria-labelledby={`${id}-title`} data-testid="upstreams-section">
      <CardTitle id={`${id}-title`}>Upstreams (recording proxy)</CardTitle>
      <p className="mb-3 text-sm text-muted">
        Watch your own app: name its live server here, point its client (its <code className="font-mono">LiveProvider</code> URL) at the
        proxy address shown, and every auth decision your server makes appears in{' '}
        <Link className="text-accent underline" href="/traces">Traces</Link> with the workspace&apos;s prediction beside it. Only the
        servers listed here are reachable. Import your app&apos;s verification key or JWKS under{' '}
        <Link className="text-accent underline" href="/tokens">Tokens &gt; Keys</Link> so sessions can be predicted.
      </p>
      {loadError && <Notice tone="deny" role="alert" className="mb-3">Could not load the upstreams: {loadError}</Notice>}
      {!view && !loadError && <p className="text-sm text-muted" role="status">Loading upstreams…</p>}
      {view && rows.length === 0 && (
        <Notice className="mb-3">No upstream yet. Add one to watch a FluxStack Live server through the studio.</Notice>
      )}
      <ul className="space-y-3">
        {rows.map((r, i) => {
          const base = `${id}-u${r.key}`
          const proxyUrl = `${wsBase()}${view?.proxyPath ?? '/api/live/proxy/'}${r.name.trim() || '<name>'}`
          return (
            <li key={r.key} className="rounded-md border border-line p-3" aria-label={`Upstream ${i + 1}${r.name ? `: ${r.name}` : ''}`}>
              <div className="grid gap-3 sm:grid-cols-[10rem_1fr_14rem_auto] sm:items-end">
                <Field label="Name" htmlFor={`${base}-name`}>
                  <Input id={`${base}-name`} value={r.name} placeholder="my-app" autoComplete="off" onChange={(e) => edit(r.key, 'name', e.target.value)} />
                </Field>
                <Field label="Upstream URL" htmlFor={`${base}-url`}>
                  <Input id={`${base}-url`} value={r.url} placeholder="ws://localhost:3000/api/live/ws" className="font-mono" autoComplete="off" onChange={(e) => edit(r.key, 'url', e.target.value)} />
                </Field>
                <Field label="Origin to present (optional)" htmlFor={`${base}-origin`}>
                  <Input id={`${base}-origin`} value={r.origin} placeholder="http://localhost:3000" className="font-mono" autoComplete="off" onChange={(e) => edit(r.key, 'origin', e.target.value)} />
                </Field>
                <Button variant="ghost" aria-label={`Remove upstream ${r.name || i + 1}`} onClick={() => { setRows((rs) => rs.filter((x) => x.key !== r.key)); setDirty(true); setSaved(false) }}>
                  Remove
                </Button>
              </div>
              <div className="mt-2 flex min-w-0 flex-wrap items-center gap-2 text-xs">
                <span className="text-muted">Connect your client to</span>
                <code className="min-w-0 break-all rounded bg-surface px-1.5 py-0.5 font-mono" data-testid="proxy-url">{proxyUrl}</code>
                {savedNames.has(r.name.trim()) ? <CopyButton text={proxyUrl} label="Copy address" /> : <span className="text-warn">Save to enable this address.</span>}
              </div>
              {savedNames.has(r.name.trim()) && <div className="mt-2"><Figures f={figuresOf(r.name.trim())} /></div>}
            </li>
          )
        })}
      </ul>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <Button onClick={() => { setRows((rs) => [...rs, { key: nextKey++, name: '', url: '', origin: '' }]); setDirty(true); setSaved(false) }}>
          Add upstream
        </Button>
        <Button variant="primary" disabled={!dirty || saving} onClick={() => void save()}>
          {saving ? 'Saving…' : 'Save upstreams'}
        </Button>
        {saved && !dirty && <span role="status" className="text-sm text-allow">Saved. New connections use it.</span>}
        {dirty && !saving && <span className="text-xs text-muted">Unsaved changes</span>}
      </div>
      {saveError && <Notice tone="deny" role="alert" className="mt-3">Not saved: {saveError}</Notice>}
    </Card>
  )
}
