'use client'

/**
 * The workspace's files as a tree: arrow keys move, Enter opens, F2 renames,
 * Delete removes (after a confirmation). Modified files carry a dot, files
 * with problems a badge.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import { Button } from '@/components/ui/button'
import { cn } from '@/lib/utils'
import { buildTree, checkNewPath, visibleOrder, type TreeFolder } from './file-tree-model'

export interface FileTreeProps {
  readonly paths: readonly string[]
  readonly active: string | undefined
  readonly modified: ReadonlySet<string>
  readonly problems: ReadonlyMap<string, 'error' | 'warning'>
  readonly onOpen: (path: string) => void
  readonly onAdd: (path: string) => void
  readonly onRename: (from: string, to: string) => void
  readonly onDelete: (path: string) => void
}

type Editing = { mode: 'add' } | { mode: 'rename'; path: string }

export function FileTree({ paths, active, modified, problems, onOpen, onAdd, onRename, onDelete }: FileTreeProps) {
  const tree = useMemo(() => buildTree(paths), [paths])
  const order = useMemo(() => visibleOrder(tree), [tree])
  const [editing, setEditing] = useState<Editing | undefined>()
  const [value, setValue] = useState('')
  const [error, setError] = useState<string | undefined>()
  const refs = useRef(new Map<string, HTMLButtonElement>())
  const focusable = active !== undefined && order.includes(active) ? active : order[0]

  // The open file stays in sight in the tree's own scroll box (opened from a problem or a trace link).
  useEffect(() => {
    if (active !== undefined) refs.current.get(active)?.scrollIntoView({ block: 'nearest' })
  }, [active])

  const startEdit = (next: Editing) => {
    setEditing(next)
    setValue(next.mode === 'rename' ? next.path : 'components/')
    setError(undefined)
  }
  const commit = () => {
    if (!editing) return
    const others = editing.mode === 'rename' ? paths.filter((p) => p !== editing.path) : paths
    const check = checkNewPath(value, others)
    if (!check.ok) return setError(check.error)
    if (editing.mode === 'add') onAdd(check.path)
    else if (check.path !== editing.path) onRename(editing.path, check.path)
    setEditing(undefined)
  }
  const remove = (path: string) => {
    if (window.confirm(`Delete ${path}? The deletion is saved with the next save.`)) onDelete(path)
  }
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, path: string) => {
    const i = order.indexOf(path)
    const move = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: order.length - 1 }[event.key]
    if (move !== undefined) {
      event.preventDefault()
      const target = order[Math.max(0, Math.min(order.length - 1, move))]
      if (target) refs.current.get(target)?.focus()
    } else if (event.key === 'F2') {
      event.preventDefault()
      startEdit({ mode: 'rename', path })
    } else if (event.key === 'Delete') {
      event.preventDefault()
      remove(path)
    }
  }

  const renderFolder = (folder: TreeFolder, depth: number) => (
    <>
      {folder.folders.map((f) => (
        // Named by its heading (browsers leave the nested group out of a treeitem's name); an aria-label
        // would not contain the visible file names inside it (axe label-content-name-mismatch).
        <li key={f.path} role="treeitem" aria-expanded="true" aria-selected="false">
          <div className="px-2 pt-2 text-[11px] font-semibold uppercase tracking-wide text-muted" style={{ paddingLeft: `${depth * 0.75 + 0.5}rem` }}>
            <span aria-hidden="true">{f.name}/</span>
            <span className="sr-only">{f.name} folder</span>
          </div>
          <ul role="group">{renderFolder(f, depth + 1)}</ul>
        </li>
      ))}
      {folder.files.map((file) => {
        const state = problems.get(file.path)
        const selected = file.path === active
        return (
          <li key={file.path} role="none">
            <button
              type="button"
              role="treeitem"
              aria-selected={selected}
              aria-label={`${file.path}${modified.has(file.path) ? ', modified' : ''}${state ? `, has ${state}s` : ''}`}
              tabIndex={file.path === focusable ? 0 : -1}
              ref={(el) => {
                if (el) refs.current.set(file.path, el)
                else refs.current.delete(file.path)
              }}
              onClick={() => onOpen(file.path)}
              onKeyDown={(e) => onKeyDown(e, file.path)}
              onDoubleClick={() => startEdit({ mode: 'rename', path: file.path })}
              className={cn('flex w-full items-center gap-1.5 rounded px-2 py-1 text-left font-mono text-xs', selected ? 'bg-accent/15 text-ink' : 'text-ink hover:bg-surface')}
              style={{ paddingLeft: `${depth * 0.75 + 0.5}rem` }}
              data-path={file.path}
            >
              <span className="min-w-0 flex-1 truncate">{file.name}</span>
              {modified.has(file.path) && <span aria-hidden="true" className="h-1.5 w-1.5 rounded-full bg-accent" title="Unsaved changes" />}
              {state && <span aria-hidden="true" className={cn('text-[10px] font-bold', state === 'error' ? 'text-deny' : 'text-warn')}>{state === 'error' ? '●' : '▲'}</span>}
            </button>
          </li>
        )
      })}
    </>
  )

  return (
    <div className="flex min-h-0 flex-col gap-2">
      <div className="flex flex-wrap items-center justify-between gap-x-2">
        <h2 id="files-heading" className="text-xs font-semibold uppercase tracking-wide text-muted">Files</h2>
        <div className="flex flex-wrap gap-1">
          <Button variant="ghost" className="whitespace-nowrap px-2 py-0.5 text-xs" onClick={() => startEdit({ mode: 'add' })} aria-label="New file">+ New</Button>
          {active && (
            <>
              <Button variant="ghost" className="px-2 py-0.5 text-xs" onClick={() => startEdit({ mode: 'rename', path: active })} aria-label={`Rename ${active}`}>Rename</Button>
              <Button variant="ghost" className="px-2 py-0.5 text-xs text-deny" onClick={() => remove(active)} aria-label={`Delete ${active}`}>Delete</Button>
            </>
          )}
        </div>
      </div>
      {editing && (
        <form
          className="space-y-1"
          onSubmit={(e) => {
            e.preventDefault()
            commit()
          }}
        >
          <label className="block text-xs text-muted" htmlFor="file-path-input">{editing.mode === 'add' ? 'New file path' : `Rename ${editing.path} to`}</label>
          <input
            id="file-path-input"
            autoFocus
            value={value}
            onChange={(e) => setValue(e.target.value)}
            onKeyDown={(e) => e.key === 'Escape' && setEditing(undefined)}
            aria-invalid={error !== undefined}
            aria-describedby={error ? 'file-path-error' : undefined}
            className="w-full rounded border border-line bg-panel px-2 py-1 font-mono text-xs"
          />
          {error && <p id="file-path-error" role="alert" className="text-xs text-deny">{error}</p>}
          <div className="flex gap-1">
            <Button type="submit" variant="primary" className="px-2 py-0.5 text-xs">{editing.mode === 'add' ? 'Create' : 'Rename'}</Button>
            <Button variant="ghost" className="px-2 py-0.5 text-xs" onClick={() => setEditing(undefined)}>Cancel</Button>
          </div>
        </form>
      )}
      {paths.length === 0 ? (
        <p className="text-xs text-muted">No files yet: add one with + New.</p>
      ) : (
        <ul role="tree" aria-labelledby="files-heading" className="min-h-0 overflow-auto">{renderFolder(tree, 0)}</ul>
      )}
    </div>
  )
}
