'use client'

/**
 * Saved versions: pick one to diff a file against the current version, or
 * restore it (as a new version). A version saved with errors is marked broken,
 * and lists them when picked.
 */
import dynamic from 'next/dynamic'
import { useEffect, useMemo, useState } from 'react'
import type { VersionDoc, VersionSummary } from '@/lib/api/workspace'
import { Button } from '@/components/ui/button'
import { Badge, Notice } from '@/components/ui/notice'
import { cn } from '@/lib/utils'
import { changedPaths, type Files } from './draft-store'
import { fetchHistory, fetchVersion, restoreVersion } from './rules-api'
import { versionErrorSummary, versionProblemText } from './save-check'

/** Errors of a broken version listed when it is picked; the rest are counted. */
const LISTED = 8

const DiffView = dynamic(() => import('@/components/editor/diff-view').then((m) => m.DiffView), { ssr: false })

export function HistoryPanel({ current, savedTick, isDirty, onRestored, workspaceId }: { current: Files; savedTick: number; isDirty: boolean; onRestored: () => Promise<void>; workspaceId: string }) {
  const [versions, setVersions] = useState<VersionSummary[] | undefined>()
  const [error, setError] = useState<string | undefined>()
  const [picked, setPicked] = useState<VersionDoc | undefined>()
  const [file, setFile] = useState<string | undefined>()
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    let live = true
    void fetchHistory().then((res) => {
      if (!live) return
      if (res.ok) setVersions(res.value.versions)
      else setError(res.error)
    })
    return () => {
      live = false
    }
  }, [savedTick])

  const changes = useMemo(() => (picked ? changedPaths(picked.files, current) : undefined), [picked, current])
  const changedList = changes ? [...changes.modified, ...changes.added, ...changes.removed] : []
  // The file picked, or (none picked, or it no longer differs) the first that differs now.
  const shown = file !== undefined && changedList.includes(file) ? file : changedList[0]

  const pick = async (v: number) => {
    const res = await fetchVersion(v)
    if (!res.ok) return setError(res.error)
    setPicked(res.value)
    const c = changedPaths(res.value.files, current)
    setFile([...c.modified, ...c.added, ...c.removed][0])
  }
  const restore = async () => {
    if (!picked) return
    if (isDirty && !window.confirm('Restoring drops your unsaved changes. Continue?')) return
    setBusy(true)
    const res = await restoreVersion(picked.version, workspaceId)
    setBusy(false)
    if (!res.ok) return setError(res.error)
    setPicked(undefined)
    await onRestored()
  }

  if (error) return <Notice tone="deny" role="alert">{error}</Notice>
  if (!versions) return <p role="status" className="text-sm text-muted">Loading the history…</p>
  return (
    <div className="grid gap-3 lg:grid-cols-[14rem_1fr]">
      <ul className="max-h-96 space-y-1 overflow-auto" aria-label="Saved versions, newest first">
        {versions.map((v) => (
          <li key={v.version}>
            <button
              type="button"
              onClick={() => void pick(v.version)}
              aria-pressed={picked?.version === v.version}
              className={cn('w-full rounded px-2 py-1 text-left text-xs hover:bg-surface', picked?.version === v.version && 'bg-accent/15')}
            >
              <span className="flex flex-wrap items-center gap-x-1.5">
                <span className="font-semibold">v{v.version}</span>
                {v.problems.length > 0 && (
                  <Badge tone="deny" title={`Saved with ${versionErrorSummary(v.problems)}`} data-testid="version-broken">
                    broken<span className="sr-only">: saved with {versionErrorSummary(v.problems)}</span>
                  </Badge>
                )}
                <span className="text-muted">{new Date(v.createdAt).toLocaleString()}</span>
              </span>
              <span className="block truncate">{v.message || 'Saved'}</span>
            </button>
          </li>
        ))}
      </ul>
      <div className="min-w-0 space-y-2">
        {!picked ? (
          <p className="text-sm text-muted">Pick a version to compare it with what you are editing.</p>
        ) : (
          <>
            <div className="flex flex-wrap items-center gap-2">
              <p className="text-sm">
                Version {picked.version} vs your current files: {changedList.length === 0 ? 'identical' : `${changedList.length} file(s) differ`}
              </p>
              <Button variant="primary" disabled={busy} onClick={() => void restore()}>Restore version {picked.version}</Button>
            </div>
            {picked.problems.length > 0 && (
              <Notice tone="deny" data-testid="version-problems">
                <p className="font-medium">Version {picked.version} was saved with {versionErrorSummary(picked.problems)}:</p>
                <ul className="ml-4 list-disc font-mono text-xs">
                  {picked.problems.slice(0, LISTED).map((p, i) => <li key={i} className="break-words">{versionProblemText(p)}</li>)}
                  {picked.problems.length > LISTED && <li className="font-sans">and {picked.problems.length - LISTED} more</li>}
                </ul>
              </Notice>
            )}
            {changedList.length > 0 && (
              <div className="flex flex-wrap gap-1" role="group" aria-label="Files that differ">
                {changedList.map((p) => (
                  <Button key={p} variant={p === shown ? 'primary' : 'secondary'} aria-pressed={p === shown} className="px-2 py-0.5 font-mono text-xs" onClick={() => setFile(p)}>{p}</Button>
                ))}
              </div>
            )}
            {shown && <DiffView label={`Diff of ${shown}: version ${picked.version} (left) and current (right)`} original={picked.files[shown] ?? ''} modified={current[shown] ?? ''} />}
          </>
        )}
      </div>
    </div>
  )
}
