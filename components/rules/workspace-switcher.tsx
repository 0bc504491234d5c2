'use client'

/** Which workspace the studio serves: pick another one, or go back to the demo. */
import { useEffect, useState } from 'react'
import { Button } from '@/components/ui/button'
import { Select } from '@/components/ui/field'
import type { WorkspaceList } from '@/lib/api/workspaces'
import { fetchWorkspaces } from './rules-api'
import { openWorkspace } from './transfer-actions'

export function WorkspaceSwitcher({ activeId }: { activeId: string }) {
  const [list, setList] = useState<WorkspaceList | undefined>()
  const [picked, setPicked] = useState<string | undefined>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>()

  useEffect(() => {
    let cancelled = false
    void fetchWorkspaces().then((res) => {
      if (cancelled) return
      if (res.ok) setList(res.value)
      else setError(res.error)
    })
    return () => {
      cancelled = true
    }
  }, [])

  const open = async (id: string) => {
    setBusy(true)
    const failure = await openWorkspace(id)
    if (failure !== undefined) {
      setBusy(false)
      setError(failure)
    }
  }

  if (error) return <span role="alert" className="text-xs text-deny">{error}</span>
  if (!list || list.workspaces.length < 2) return null
  const target = picked ?? activeId
  const demo = list.workspaces.find((w) => w.isDemo)
  return (
    <div className="flex items-center gap-2">
      <label htmlFor="workspace-switch" className="text-xs text-muted">Workspace</label>
      <Select id="workspace-switch" value={target} onChange={(e) => setPicked(e.target.value)} className="w-auto py-1 text-xs" disabled={busy}>
        {list.workspaces.map((w) => (
          <option key={w.id} value={w.id}>
            {w.name}{w.isDemo ? ' (demo)' : ''} · v{w.currentVersion}
          </option>
        ))}
      </Select>
      {target !== activeId && <Button onClick={() => void open(target)} disabled={busy} title="Unsaved changes stay as this workspace's draft in this browser">Open</Button>}
      {demo && activeId !== demo.id && target === activeId && (
        <Button variant="ghost" onClick={() => void open(demo.id)} disabled={busy}>Back to the demo</Button>
      )}
    </div>
  )
}
