'use client'

/** Which workspace the studio serves: pick another one, or go back to the demo. */
import { useEffect, useRef, useState } from 'react'
import { Button } from '@/components/ui/button'
import { Select } from '@/components/ui/field'
import type { WorkspaceList } from '@/lib/api/workspaces'
import { fetchWorkspaces } from './rules-api'
import { openWorkspace } from './transfer-actions'
import { WorkspaceManager } from './workspace-manager'

export function WorkspaceSwitcher({ activeId }: { activeId: string }) {
  const [list, setList] = useState<WorkspaceList | undefined>()
  const [picked, setPicked] = useState<string | undefined>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>()
  const [managing, setManaging] = useState(false)
  const wrapper = useRef<HTMLDivElement>(null)

  // The manage panel closes on a click outside it, like any popover.
  useEffect(() => {
    if (!managing) return
    const onDown = (e: MouseEvent) => {
      if (wrapper.current && e.target instanceof Node && !wrapper.current.contains(e.target)) setManaging(false)
    }
    document.addEventListener('mousedown', onDown)
    return () => document.removeEventListener('mousedown', onDown)
  }, [managing])

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
  const target = picked !== undefined && list.workspaces.some((w) => w.id === picked) ? picked : activeId
  const demo = list.workspaces.find((w) => w.isDemo)
  return (
    <div ref={wrapper} className="relative flex items-center gap-2" onKeyDown={(e) => { if (e.key === 'Escape' && managing) setManaging(false) }}>
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
      <Button variant="ghost" onClick={() => setManaging((m) => !m)} aria-expanded={managing} disabled={busy}>Manage…</Button>
      {managing && <WorkspaceManager list={list} activeId={activeId} onChanged={(update) => setList((old) => (old ? update(old) : old))} />}
    </div>
  )
}
