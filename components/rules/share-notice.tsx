'use client'

/**
 * Opening /rules#share=... : the fragment is decoded here in the page (it never
 * reached the server) and offered for import; a damaged link says why.
 */
import { useEffect, useState, useSyncExternalStore } from 'react'
import { Button } from '@/components/ui/button'
import { Notice } from '@/components/ui/notice'
import { decodeShareLink } from '@/lib/rules/share-link'
import type { PortableWorkspace } from '@/lib/rules/workspace-doc'
import type { Files } from './draft-store'
import { ImportPreview } from './import-preview'
import { shareFragmentFromHash } from './transfer-model'

type Decoded = { fragment: string; ok: true; workspace: PortableWorkspace } | { fragment: string; ok: false; issues: readonly string[] }

function subscribe(onChange: () => void) {
  window.addEventListener('hashchange', onChange)
  return () => window.removeEventListener('hashchange', onChange)
}
const readFragment = () => shareFragmentFromHash(window.location.hash)

/** Drops the fragment from the address bar without a navigation. */
function clearHash() {
  window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search)
}

export function ShareNotice({ current, onReplaceDraft }: { current: Files; onReplaceDraft: (files: Files) => void }) {
  const fragment = useSyncExternalStore(subscribe, readFragment, () => undefined)
  const [decoded, setDecoded] = useState<Decoded | undefined>()
  const [dismissed, setDismissed] = useState<string | undefined>()

  useEffect(() => {
    if (fragment === undefined) return
    let cancelled = false
    void decodeShareLink(fragment).then((r) => {
      if (!cancelled) setDecoded(r.ok ? { fragment, ok: true, workspace: r.value } : { fragment, ok: false, issues: r.issues })
    })
    return () => {
      cancelled = true
    }
  }, [fragment])

  if (fragment === undefined || fragment === dismissed) return null
  const dismiss = () => {
    clearHash()
    setDismissed(fragment)
  }
  if (decoded?.fragment !== fragment) return <p role="status" className="text-sm text-muted">Opening the share link…</p>
  if (!decoded.ok) {
    return (
      <Notice tone="deny" role="alert" className="flex flex-wrap items-center gap-3" data-testid="share-notice">
        <span>This share link cannot be opened: {decoded.issues.join('; ')}. Nothing was changed.</span>
        <Button variant="ghost" onClick={dismiss}>Dismiss</Button>
      </Notice>
    )
  }
  return (
    <Notice tone="warn" className="space-y-1" data-testid="share-notice" role="region" aria-label="Shared workspace">
      <p className="font-medium">Someone shared a workspace with you.</p>
      <ImportPreview
        workspace={decoded.workspace}
        origin="The share link"
        current={current}
        onReplaceDraft={(files) => {
          onReplaceDraft(files)
          dismiss()
        }}
        onCancel={dismiss}
      />
    </Notice>
  )
}
