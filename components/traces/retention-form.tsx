'use client'

import { useEffect, useState } from 'react'
import { Button } from '@/components/ui/button'
import { Field, Input } from '@/components/ui/field'
import { retentionViewSchema, type RetentionView } from '@/lib/api/decisions'
import { plural } from '@/lib/utils'
import { retentionText } from './log-model'

/** Keep N days and/or N rows; applied by the server in small batches in the background. A default applies until one is set. */
export function RetentionForm() {
  const [view, setView] = useState<RetentionView>()
  const [days, setDays] = useState('')
  const [rows, setRows] = useState('')
  const [message, setMessage] = useState<string>()

  const show = (v: RetentionView) => {
    setView(v)
    setDays(v.maxDays !== undefined ? String(v.maxDays) : '')
    setRows(v.maxRows !== undefined ? String(v.maxRows) : '')
  }
  useEffect(() => {
    fetch('/api/decisions/retention', { cache: 'no-store' }).then((r) => r.json()).then((b: unknown) => show(retentionViewSchema.parse(b)), () => {})
  }, [])

  const send = async (init: RequestInit, done: string) => {
    const res = await fetch('/api/decisions/retention', init)
    const body = (await res.json()) as unknown
    if (!res.ok) return setMessage((body as { message?: string }).message ?? 'Not saved')
    show(retentionViewSchema.parse(body))
    setMessage(done)
  }
  const save = () => {
    const num = (s: string) => (s.trim() === '' ? null : Number(s))
    return send({ method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ maxDays: num(days), maxRows: num(rows) }) }, 'Saved. Older decisions are removed in the background.')
  }

  return (
    <div className="space-y-2">
      <p className="text-sm" data-testid="retention-in-force">{view ? retentionText(view) : ''}</p>
      <form className="flex flex-wrap items-end gap-3" onSubmit={(e) => { e.preventDefault(); void save() }} aria-label="Retention">
        <Field label="Keep days" htmlFor="ret-days" className="w-32"><Input id="ret-days" inputMode="decimal" value={days} onChange={(e) => setDays(e.target.value)} placeholder="forever" /></Field>
        <Field label="Keep rows" htmlFor="ret-rows" className="w-36"><Input id="ret-rows" inputMode="numeric" value={rows} onChange={(e) => setRows(e.target.value)} placeholder="unlimited" /></Field>
        <Button type="submit">Save retention</Button>
        {view?.source === 'set' && (
          <Button type="button" variant="ghost" onClick={() => void send({ method: 'DELETE' }, 'Back to the default retention.')}>Use the default</Button>
        )}
        <p role="status" className="text-xs text-muted">
          {message ?? (view ? `${plural(view.decisions, 'decision')} in ${plural(view.rows, 'row')}.` : '')}
        </p>
      </form>
    </div>
  )
}
