'use client'

/**
 * Import / export / share: the draft or the saved version as a ZIP of its .ts
 * files or one JSON document (files, personas, rule tests; never keys), a share
 * link computed here in the page, and import of either file kind with a preview.
 */
import { useEffect, useState, type DragEvent } from 'react'
import { fetchPersonas, type PersonaView } from '@/components/live/studio-api'
import { Button } from '@/components/ui/button'
import { CopyButton } from '@/components/ui/copy-button'
import { Input } from '@/components/ui/field'
import { Notice } from '@/components/ui/notice'
import { exportWorkspaceJson, exportWorkspaceZip } from '@/lib/rules/export'
import type { RuleTest } from '@/lib/rules/rule-tests'
import { encodeShareLink } from '@/lib/rules/share-link'
import type { PortableWorkspace } from '@/lib/rules/workspace-doc'
import type { PanelProps } from './panel-props'
import { ImportPreview } from './import-preview'
import { fetchTests } from './rules-api'
import { download } from './transfer-actions'
import { exportFileName, readImportFile, shareUrlFor, type ImportCandidate } from './transfer-model'

type Source = 'draft' | 'saved'
type ImportState = { status: 'idle' } | { status: 'reading' } | { status: 'error'; fileName: string; issues: readonly string[] } | { status: 'ready'; candidate: ImportCandidate } | { status: 'replaced'; fileName: string }
type ShareState = { status: 'idle' } | { status: 'working' } | { status: 'error'; issues: readonly string[] } | { status: 'ready'; url: string }

const heading = 'mb-2 text-xs font-semibold uppercase tracking-wide text-muted'

export function TransferPanel({ ws, analysis }: PanelProps) {
  const [source, setSource] = useState<Source>('draft')
  const [personas, setPersonas] = useState<PersonaView[] | undefined>()
  const [exportError, setExportError] = useState<readonly string[] | undefined>()
  const [share, setShare] = useState<ShareState>({ status: 'idle' })
  const [imported, setImported] = useState<ImportState>({ status: 'idle' })
  const [dragging, setDragging] = useState(false)

  useEffect(() => {
    let cancelled = false
    void fetchPersonas().then((res) => {
      if (!cancelled) setPersonas(res.ok ? res.value : [])
    })
    return () => {
      cancelled = true
    }
  }, [])

  const doc = ws.doc
  if (!doc) return null
  const from = source === 'draft' ? ws.draft : doc.files

  /** The chosen files with the workspace's personas and stored rule tests. */
  const portable = async (): Promise<PortableWorkspace> => {
    let ruleTests: RuleTest[] = []
    if (analysis.tests.status === 'ready') ruleTests = analysis.tests.value.tests
    else {
      const res = await fetchTests()
      if (res.ok) ruleTests = res.value.tests
    }
    const people = (personas ?? []).map(({ id, label, description, kind, claims }) => ({ id, label, description, kind, claims }))
    return { name: doc.name, files: from, personas: people as PortableWorkspace['personas'], ruleTests }
  }
  const exportAs = async (ext: 'zip' | 'json') => {
    const ws2 = await portable()
    const result = ext === 'zip' ? exportWorkspaceZip(ws2) : exportWorkspaceJson(ws2)
    if (!result.ok) return setExportError(result.issues)
    setExportError(undefined)
    download(exportFileName(doc.name, doc.version, source === 'draft' && ws.isDirty, ext), result.value, ext === 'zip' ? 'application/zip' : 'application/json')
  }
  const makeShareLink = async () => {
    setShare({ status: 'working' })
    const link = await encodeShareLink(await portable())
    setShare(link.ok ? { status: 'ready', url: shareUrlFor(window.location.origin, link.value) } : { status: 'error', issues: link.issues })
  }

  const readFile = async (file: File | undefined) => {
    if (!file) return
    setImported({ status: 'reading' })
    const bytes = new Uint8Array(await file.arrayBuffer())
    const r = readImportFile(file.name, bytes)
    setImported(r.ok ? { status: 'ready', candidate: r.value } : { status: 'error', fileName: file.name, issues: r.issues })
  }
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault()
    setDragging(false)
    void readFile(e.dataTransfer.files[0])
  }

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <section aria-labelledby="export-heading" className="min-w-0 space-y-3">
        <h3 id="export-heading" className={heading}>Export and share</h3>
        <fieldset>
          <legend className="mb-1 text-xs font-medium text-muted">Export</legend>
          <div className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
            <label className="inline-flex items-center gap-1.5">
              <input type="radio" name="export-source" checked={source === 'draft'} onChange={() => setSource('draft')} />
              The draft{ws.isDirty ? ' (with unsaved changes)' : ''}
            </label>
            <label className="inline-flex items-center gap-1.5">
              <input type="radio" name="export-source" checked={source === 'saved'} onChange={() => setSource('saved')} />
              Saved version {doc.version}
            </label>
          </div>
        </fieldset>
        <div className="flex flex-wrap gap-2">
          <Button onClick={() => void exportAs('zip')}>Download .zip</Button>
          <Button onClick={() => void exportAs('json')} disabled={personas === undefined}>Download .json</Button>
          <Button onClick={() => void makeShareLink()} disabled={personas === undefined || share.status === 'working'}>
            {share.status === 'working' ? 'Packing…' : 'Create share link'}
          </Button>
        </div>
        <p className="text-xs text-muted">
          The ZIP holds the TypeScript files (auth/rules.ts, components/…), ready to drop into a FluxStack app. The JSON file adds the
          personas and rule tests. Keys and secrets are never exported.
        </p>
        {exportError && (
          <Notice tone="deny" role="alert">
            The workspace cannot be exported as it is:
            <ul className="mt-1 list-disc pl-5 font-mono text-xs">{exportError.map((i) => <li key={i}>{i}</li>)}</ul>
          </Notice>
        )}
        {share.status === 'error' && <Notice tone="deny" role="alert">{share.issues.join(' ')}</Notice>}
        {share.status === 'ready' && (
          <div className="space-y-1">
            <label htmlFor="share-url" className="block text-xs font-medium text-muted">Share link ({share.url.length} characters)</label>
            <div className="flex gap-2">
              <Input id="share-url" readOnly value={share.url} onFocus={(e) => e.currentTarget.select()} className="font-mono text-xs" />
              <CopyButton text={share.url} label="Copy link" />
            </div>
            <p className="text-xs text-muted">The workspace rides in the part after #, which browsers never send to a server.</p>
          </div>
        )}
      </section>

      <section aria-labelledby="import-heading" className="min-w-0 space-y-3">
        <h3 id="import-heading" className={heading}>Import</h3>
        <div
          onDragOver={(e) => {
            e.preventDefault()
            setDragging(true)
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          data-testid="import-drop"
          className={`rounded-md border-2 border-dashed p-4 text-sm ${dragging ? 'border-accent bg-accent/5' : 'border-line'}`}
        >
          <p className="mb-2">Drop an exported .zip or .json here, or pick one:</p>
          <label htmlFor="import-file" className="block text-xs font-medium text-muted">Workspace file</label>
          <input
            id="import-file"
            type="file"
            accept=".zip,.json,application/zip,application/json"
            className="mt-1 block w-full text-sm file:mr-3 file:rounded-md file:border file:border-line file:bg-panel file:px-3 file:py-1 file:text-ink"
            onChange={(e) => {
              void readFile(e.target.files?.[0])
              e.target.value = ''
            }}
          />
        </div>
        {imported.status === 'reading' && <p role="status" className="text-sm text-muted">Reading…</p>}
        {imported.status === 'error' && (
          <Notice tone="deny" role="alert" data-testid="import-error">
            <p className="font-medium">{imported.fileName} cannot be imported; nothing was changed.</p>
            <ul className="mt-1 list-disc pl-5 font-mono text-xs">{imported.issues.slice(0, 20).map((i) => <li key={i}>{i}</li>)}</ul>
          </Notice>
        )}
        {imported.status === 'replaced' && (
          <Notice tone="allow" role="status">
            The draft now holds the files of {imported.fileName}. Review them in the editor and Save to make a new version (Discard changes undoes it).
          </Notice>
        )}
        {imported.status === 'ready' && (
          <ImportPreview
            workspace={imported.candidate.workspace}
            origin={imported.candidate.fileName}
            current={ws.draft}
            onReplaceDraft={(files) => {
              ws.replaceFiles(files)
              setImported({ status: 'replaced', fileName: imported.candidate.fileName })
            }}
            onCancel={() => setImported({ status: 'idle' })}
          />
        )}
      </section>
    </div>
  )
}
