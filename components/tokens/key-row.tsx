'use client'

import { useState } from 'react'
import { Button } from '@/components/ui/button'
import { CopyButton } from '@/components/ui/copy-button'
import { Badge } from '@/components/ui/notice'
import type { ExportKeyRequest, KeySummaryView } from '@/lib/api/tokens'
import { api, errorText } from './api'

type Confirm = 'reveal' | 'delete' | null

/** One key: its facts, public export, and the confirm-first private export and delete. */
export function KeyRow({ entry, onDeleted, isDefault = false }: { entry: KeySummaryView; onDeleted: (message: string) => void; isDefault?: boolean }) {
  const [confirm, setConfirm] = useState<Confirm>(null)
  const [shown, setShown] = useState<{ title: string; value: string; secret: boolean } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const symmetric = entry.kty === 'oct'
  const exportPart = async (request: ExportKeyRequest) => {
    setError(null)
    try {
      const { value } = await api.exportKey(entry.kid, request)
      setShown({ title: `${request.part === 'private' ? 'Private' : 'Public'} ${request.format.toUpperCase()}`, value, secret: request.part === 'private' })
      setConfirm(null)
    } catch (e) {
      setError(errorText(e))
    }
  }
  const remove = async () => {
    try {
      await api.deleteKey(entry.kid)
      onDeleted(`Deleted ${entry.kid}.`)
    } catch (e) {
      setError(errorText(e))
    }
  }
  return (
    <li className="space-y-2 py-3" aria-label={`Key ${entry.kid}`}>
      <div className="flex flex-wrap items-center gap-2">
        <span className="min-w-0 break-all font-mono text-sm font-medium">{entry.kid}</span>
        <Badge>{entry.alg}</Badge>
        <Badge>{entry.kty}</Badge>
        {!entry.hasPrivate && <Badge tone="warn">public only</Badge>}
        {isDefault && (
          <Badge tone="allow" title="The first key that can sign: POST /api/tokens uses it when the request names no keyId">
            default signing key
          </Badge>
        )}
        {entry.label && <span className="text-sm text-muted">{entry.label}</span>}
        <span className="ml-auto text-xs text-muted">created {new Date(entry.createdAt).toLocaleString()}</span>
      </div>
      <div className="flex flex-wrap gap-2">
        {!symmetric && (
          <>
            <Button className="text-xs" onClick={() => exportPart({ part: 'public', format: 'pem' })}>Public PEM</Button>
            <Button className="text-xs" onClick={() => exportPart({ part: 'public', format: 'jwk' })}>Public JWK</Button>
          </>
        )}
        {entry.hasPrivate && confirm !== 'reveal' && (
          <Button className="text-xs" onClick={() => setConfirm('reveal')}>{symmetric ? 'Reveal secret…' : 'Export private…'}</Button>
        )}
        {confirm !== 'delete' && (
          <Button variant="ghost" className="text-xs text-deny" onClick={() => setConfirm('delete')}>Delete…</Button>
        )}
        {shown && <Button variant="ghost" className="text-xs" onClick={() => setShown(null)}>Hide</Button>}
      </div>
      {confirm === 'reveal' && (
        <div role="group" aria-label="Confirm private export" className="flex flex-wrap items-center gap-2 rounded-md border border-warn/50 bg-warn/10 p-2 text-sm">
          <span>The private part will be shown on screen. Anyone who sees it can sign as this key.</span>
          <Button className="text-xs" onClick={() => exportPart({ part: 'private', format: 'jwk' })}>Reveal private JWK</Button>
          {!symmetric && <Button className="text-xs" onClick={() => exportPart({ part: 'private', format: 'pem' })}>Reveal private PEM</Button>}
          <Button variant="ghost" className="text-xs" onClick={() => setConfirm(null)}>Cancel</Button>
        </div>
      )}
      {confirm === 'delete' && (
        <div role="group" aria-label="Confirm delete" className="flex flex-wrap items-center gap-2 rounded-md border border-deny/40 bg-deny/10 p-2 text-sm">
          <span>Delete {entry.kid}? Tokens signed with it will no longer verify.</span>
          <Button className="text-xs text-deny" onClick={remove}>Delete key</Button>
          <Button variant="ghost" className="text-xs" onClick={() => setConfirm(null)}>Cancel</Button>
        </div>
      )}
      {shown && (
        <div className="space-y-1">
          <div className="flex items-center justify-between text-xs">
            <span className={shown.secret ? 'font-semibold text-warn' : 'text-muted'}>{shown.title}{shown.secret ? ' (secret)' : ''}</span>
            <CopyButton text={shown.value} label={`Copy ${shown.title}`} className="px-2 py-0.5 text-xs" />
          </div>
          <pre tabIndex={0} data-testid={`export-${entry.kid}`} className="max-h-56 overflow-auto rounded-md border border-line bg-surface p-2 font-mono text-xs">{shown.value}</pre>
        </div>
      )}
      {error && <p role="alert" className="text-xs text-deny">{error}</p>}
    </li>
  )
}
