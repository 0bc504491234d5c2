'use client'

/**
 * Rename and delete workspaces (imports pile up). The served workspace and the
 * demo cannot be deleted; the server says so too. Deleting also drops the
 * workspace's unsaved draft kept in this browser.
 */
import { useId, useState, type FormEvent } from 'react'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/field'
import type { WorkspaceList, WorkspaceListItem } from '@/lib/api/workspaces'
import { clearDraft } from './draft-store'
import { deleteWorkspace, renameWorkspace } from './rules-api'

function Row({ ws, activeId, onChanged }: { ws: WorkspaceListItem; activeId: string; onChanged: (list: (old: WorkspaceList) => WorkspaceList) => void }) {
  const id = useId()
  const [editing, setEditing] = useState(false)
  const [name, setName] = useState(ws.name)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>()
  const served = ws.id === activeId
  const deletable = !ws.isDemo && !served

  const rename = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    const res = await renameWorkspace(ws.id, name)
    setBusy(false)
    if (!res.ok) return setError(res.error)
    setError(undefined)
    setEditing(false)
    onChanged((old) => ({ ...old, workspaces: old.workspaces.map((w) => (w.id === ws.id ? res.value.workspace : w)) }))
  }

  const remove = async () => {
    if (!window.confirm(`Delete the workspace “${ws.name}” with its ${ws.currentVersion} version(s), personas, keys and rule tests? Logged decisions stay in the log.`)) return
    setBusy(true)
    const res = await deleteWorkspace(ws.id)
    setBusy(false)
    if (!res.ok) return setError(res.error)
    clearDraft(window.localStorage, ws.id)
    onChanged(() => res.value)
  }

  return (
    <li className="space-y-1 py-2" data-testid="workspace-row" data-workspace-id={ws.id}>
      {editing ? (
        <form className="flex items-center gap-2" onSubmit={(e) => void rename(e)}>
          <label htmlFor={`${id}-name`} className="sr-only">New name for {ws.name}</label>
          <Input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} maxLength={100} autoFocus className="py-1 text-xs"
            onKeyDown={(e) => { if (e.key === 'Escape') { setEditing(false); setName(ws.name); setError(undefined) } }} />
          <Button type="submit" variant="primary" disabled={busy || name.trim() === ''}>Save name</Button>
          <Button variant="ghost" onClick={() => { setEditing(false); setName(ws.name); setError(undefined) }}>Cancel</Button>
        </form>
      ) : (
        <div className="flex items-center gap-2">
          <span className="min-w-0 flex-1">
            <span className="block truncate text-sm">{ws.name}</span>
            <span className="block text-xs text-muted">
              {ws.isDemo ? 'demo · ' : ''}{served ? 'served now · ' : ''}version {ws.currentVersion} · {ws.fileCount} files
            </span>
          </span>
          <Button variant="ghost" onClick={() => setEditing(true)} disabled={busy} aria-label={`Rename ${ws.name}`}>Rename</Button>
          <Button variant="ghost" onClick={() => void remove()} disabled={busy || !deletable} aria-label={`Delete ${ws.name}`}
            title={ws.isDemo ? 'The demo workspace cannot be deleted' : served ? 'Switch to another workspace before deleting this one' : undefined}>
            Delete
          </Button>
        </div>
      )}
      {error && <p role="alert" className="text-xs text-deny">{error}</p>}
    </li>
  )
}

/** The list of workspaces with rename and delete, shown under the switcher. */
export function WorkspaceManager({ list, activeId, onChanged }: { list: WorkspaceList; activeId: string; onChanged: (update: (old: WorkspaceList) => WorkspaceList) => void }) {
  return (
    <section aria-label="Manage workspaces" className="absolute right-0 top-full z-20 mt-2 w-[28rem] max-w-[90vw] rounded-lg border border-line bg-surface p-3 shadow-lg">
      <h2 className="text-sm font-semibold">Workspaces</h2>
      <ul className="divide-y divide-line">
        {list.workspaces.map((ws) => <Row key={ws.id} ws={ws} activeId={activeId} onChanged={onChanged} />)}
      </ul>
    </section>
  )
}
