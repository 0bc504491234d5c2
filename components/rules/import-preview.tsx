'use client'

/** What an import holds and would change, with the two ways to take it in. */
import { useState } from 'react'
import { Button } from '@/components/ui/button'
import { Notice } from '@/components/ui/notice'
import type { PortableWorkspace } from '@/lib/rules/workspace-doc'
import type { Files } from './draft-store'
import { importAsNewWorkspace } from './transfer-actions'
import { previewImport } from './transfer-model'

const MAX_LISTED = 12

function PathList({ label, paths, tone }: { label: string; paths: readonly string[]; tone: string }) {
  if (paths.length === 0) return null
  return (
    <div>
      <p className="text-xs font-medium text-muted">{label} ({paths.length})</p>
      <ul className={`font-mono text-xs ${tone}`}>
        {paths.slice(0, MAX_LISTED).map((p) => <li key={p}>{p}</li>)}
        {paths.length > MAX_LISTED && <li className="text-muted">… and {paths.length - MAX_LISTED} more</li>}
      </ul>
    </div>
  )
}

export function ImportPreview({ workspace, origin, current, onReplaceDraft, onCancel }: {
  workspace: PortableWorkspace
  /** Where it came from, e.g. "team.json" or "the share link". */
  origin: string
  current: Files
  onReplaceDraft: (files: Files) => void
  onCancel: () => void
}) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>()
  const p = previewImport(current, workspace)
  const fileCount = Object.keys(workspace.files).length

  const asNew = async () => {
    setBusy(true)
    setError(undefined)
    const failure = await importAsNewWorkspace(workspace)
    // On success the page reloads into the new workspace.
    if (failure !== undefined) {
      setBusy(false)
      setError(failure)
    }
  }

  return (
    <div className="space-y-2" data-testid="import-preview">
      <p className="text-sm">
        <span className="font-medium">{origin}</span> holds the workspace <span className="font-medium">&ldquo;{workspace.name}&rdquo;</span>:{' '}
        {fileCount} file{fileCount === 1 ? '' : 's'}, {p.personas} persona{p.personas === 1 ? '' : 's'}, {p.ruleTests} rule test{p.ruleTests === 1 ? '' : 's'}. Never any keys.
      </p>
      <p className="text-xs text-muted" data-testid="import-changes">
        Against your current draft: {p.added.length} added, {p.modified.length} modified, {p.removed.length} removed, {p.unchanged} unchanged.
      </p>
      <div className="grid gap-2 sm:grid-cols-3">
        <PathList label="Added" paths={p.added} tone="text-allow" />
        <PathList label="Modified" paths={p.modified} tone="text-warn" />
        <PathList label="Removed" paths={p.removed} tone="text-deny" />
      </div>
      <div className="flex flex-wrap gap-2">
        <Button variant="primary" onClick={() => void asNew()} disabled={busy}>
          {busy ? 'Importing…' : 'Import as a new workspace'}
        </Button>
        <Button onClick={() => onReplaceDraft(workspace.files)} disabled={busy} title="Personas and rule tests stay as they are">
          Replace this workspace&apos;s files (as a draft)
        </Button>
        <Button variant="ghost" onClick={onCancel} disabled={busy}>Cancel</Button>
      </div>
      <p className="text-xs text-muted">
        A new workspace gets these files, personas and rule tests, and a fresh signing key made by the server. Replacing puts only the
        files in the editor&apos;s draft: review them, then Save to make a new version.
      </p>
      {error && <Notice tone="deny" role="alert">Nothing was imported: {error}</Notice>}
    </div>
  )
}
