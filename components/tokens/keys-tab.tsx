'use client'

import { useState } from 'react'
import { Card, CardTitle } from '@/components/ui/card'
import { CopyButton } from '@/components/ui/copy-button'
import { Notice } from '@/components/ui/notice'
import type { KeyList } from '@/lib/api/tokens'
import { GenerateKeyForm, ImportKeyForm } from './key-create-forms'
import { KeyRow } from './key-row'
import type { Resource } from './use-resource'

/** The workspace's keys: list, generate, import, export and delete; the JWKS URLs. */
export function KeysTab({ keys, reload }: { keys: Resource<KeyList>; reload: () => void }) {
  const [message, setMessage] = useState<string | null>(null)
  const done = (text: string) => {
    setMessage(text)
    reload()
  }
  return (
    <div className="grid gap-4 xl:grid-cols-[minmax(0,1.4fr)_minmax(0,1fr)]">
      <div className="space-y-4">
        <Card aria-labelledby="keys-title">
          <CardTitle id="keys-title">Workspace keys</CardTitle>
          <p aria-live="polite" className="mb-2 text-sm text-allow">
            {message}
          </p>
          {keys.phase === 'loading' && <p role="status" className="text-sm text-muted">Loading keys…</p>}
          {keys.phase === 'error' && <Notice tone="deny" role="alert">Keys could not be loaded: {keys.message}</Notice>}
          {keys.phase === 'ready' && keys.value.keys.length === 0 && (
            <Notice>No keys yet. Generate one on the right (an HS256 secret is the quickest start), or import a PEM, JWK or JWKS.</Notice>
          )}
          {keys.phase === 'ready' && keys.value.keys.length > 0 && (
            <ul className="divide-y divide-line">
              {keys.value.keys.map((entry) => (
                <KeyRow key={entry.kid} entry={entry} onDeleted={done} isDefault={entry.kid === keys.value.keys.find((k) => k.hasPrivate)?.kid} />
              ))}
            </ul>
          )}
        </Card>
        {keys.phase === 'ready' && <JwksUrls list={keys.value} />}
      </div>
      <div className="space-y-4">
        <Card aria-labelledby="keys-generate">
          <CardTitle id="keys-generate">Generate</CardTitle>
          <GenerateKeyForm onDone={done} />
        </Card>
        <Card aria-labelledby="keys-import">
          <CardTitle id="keys-import">Import</CardTitle>
          <ImportKeyForm onDone={done} />
        </Card>
      </div>
    </div>
  )
}

function JwksUrls({ list }: { list: KeyList }) {
  const origin = typeof window === 'undefined' ? '' : window.location.origin
  return (
    <Card aria-labelledby="jwks-title">
      <CardTitle id="jwks-title">Public JWKS</CardTitle>
      <p className="mb-2 text-sm text-muted">Your backend can verify studio tokens with these (public keys only; HMAC secrets are never published).</p>
      {[list.jwksUrl, list.workspaceJwksUrl].map((path, index) => (
        <div key={path} className="mb-1 flex items-center gap-2">
          <code data-testid={index === 0 ? 'jwks-url' : undefined} className="min-w-0 flex-1 break-all rounded bg-surface px-2 py-1 font-mono text-xs">
            {origin}
            {path}
          </code>
          <CopyButton text={`${origin}${path}`} label={index === 0 ? 'Copy JWKS URL' : 'Copy workspace JWKS URL'} className="px-2 py-0.5 text-xs" />
        </div>
      ))}
      <p className="text-xs text-muted">The workspace URL needs an admin session when the studio has an admin token; the first one is always public.</p>
    </Card>
  )
}
