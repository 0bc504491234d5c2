'use client'

/**
 * The rule studio: file tree, Monaco editor, problems (the studio's and the
 * editor's TypeScript errors), and the panels that evaluate the saved version
 * (matrix, tests, history, composer, State Backed, import/export). Ctrl/Cmd+S
 * saves anywhere on the page; a draft with errors asks first. `?file=&line=`
 * opens a file at a line (trace steps link here).
 */
import { useEffect, useMemo, useRef, useState } from 'react'
import { loadMonaco } from '@/components/editor/monaco-loader'
import { WorkspaceEditor, type RevealRequest } from '@/components/editor/workspace-editor'
import { Button } from '@/components/ui/button'
import { Notice } from '@/components/ui/notice'
import { Tabs, tabPanelProps, type TabItem } from '@/components/ui/tabs'
import type { ProblemView } from '@/lib/api/workspace'
import type { RuleTest } from '@/lib/rules/rule-tests'
import { FileTree } from './file-tree'
import { renameFile, starterText } from './file-tree-model'
import { HistoryPanel } from './history-panel'
import { MatrixPanel } from './matrix-panel'
import { ProblemsList } from './problems-list'
import { ShareNotice } from './share-notice'
import { filesWithProblems } from './problems-model'
import { SaveDialog } from './save-dialog'
import { useGuardedSave } from './use-guarded-save'
import { useSourceLink } from './use-source-link'
import { TestsPanel } from './tests-panel'
import { useAnalysis } from './use-analysis'
import { useRulesWorkspace } from './use-rules-workspace'
import { ExtraPanels, EXTRA_TABS, type ExtraTab } from './extra-panels'
import { ImpactPanel } from '@/components/impact/impact-panel'
import { WorkspaceSwitcher } from './workspace-switcher'

type Tab = 'matrix' | 'tests' | 'impact' | 'history' | ExtraTab
const TABS: readonly TabItem<Tab>[] = [
  { id: 'matrix', label: 'Decision matrix' },
  { id: 'tests', label: 'Rule tests' },
  { id: 'impact', label: 'Impact of the draft' },
  { id: 'history', label: 'History' },
  ...EXTRA_TABS,
]

export function RulesStudio() {
  const ws = useRulesWorkspace()
  const analysis = useAnalysis(ws.savedTick, ws.doc?.workspaceId)
  const [tab, setTab] = useState<Tab>('matrix')
  const [reveal, setReveal] = useState<RevealRequest | undefined>()
  const panels = useRef<HTMLDivElement>(null)
  const { isDirty } = ws
  const guard = useGuardedSave(ws)
  const { requestSave, problems } = guard

  // Start fetching Monaco with the workspace, not after it.
  useEffect(() => {
    void loadMonaco().catch(() => {})
  }, [])

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
        e.preventDefault()
        void requestSave()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [requestSave])

  useEffect(() => {
    if (!isDirty) return
    const warn = (e: BeforeUnloadEvent) => e.preventDefault()
    window.addEventListener('beforeunload', warn)
    return () => window.removeEventListener('beforeunload', warn)
  }, [isDirty])

  const paths = useMemo(() => Object.keys(ws.draft).sort(), [ws.draft])
  const modified = useMemo(() => new Set([...ws.dirty.added, ...ws.dirty.modified]), [ws.dirty])
  const problemFiles = useMemo(() => filesWithProblems(problems), [problems])

  /** Puts the cursor at a place in a file (each request distinct, so the same place can be asked twice). */
  const revealAt = (path: string, line: number, column: number) => setReveal((r) => ({ path, line, column, nonce: (r?.nonce ?? 0) + 1 }))
  const jump = (p: ProblemView) => {
    if (!Object.hasOwn(ws.draft, p.file)) return
    ws.setActive(p.file)
    revealAt(p.file, p.line ?? 1, p.column ?? 1)
  }
  const keepEditing = () => {
    const first = guard.keepEditing().find((p) => Object.hasOwn(ws.draft, p.file))
    if (first) jump(first)
  }
  const link = useSourceLink(ws, revealAt)
  const [testError, setTestError] = useState<string | undefined>()
  const addTest = async (test: RuleTest) => {
    const error = await analysis.addTest(test)
    setTestError(error)
    if (!error) setTab('tests')
  }


  if (ws.load.status === 'loading' && !ws.doc) return <p role="status" className="text-sm text-muted">Loading the workspace…</p>
  if (ws.load.status === 'error') {
    return (
      <Notice tone="deny" role="alert" className="flex items-center gap-3">
        <span>{ws.load.error}</span>
        <Button onClick={() => void ws.reload()}>Try again</Button>
      </Notice>
    )
  }
  const doc = ws.doc
  if (!doc) return null
  const changeCount = ws.dirty.added.length + ws.dirty.modified.length + ws.dirty.removed.length

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">Rules</h1>
        <span className="text-sm text-muted">{doc.name} · version <span data-testid="saved-version">{doc.version}</span></span>
        <span className="text-sm" role="status" data-testid="dirty-state">
          {ws.saving ? 'Saving…' : guard.checking ? 'Checking…' : isDirty ? `${changeCount} unsaved change${changeCount === 1 ? '' : 's'}` : 'All changes saved'}
        </span>
        <WorkspaceSwitcher activeId={doc.workspaceId} />
        <div className="ml-auto flex gap-2">
          {isDirty && (
            <Button
              variant="ghost"
              data-testid="check-impact"
              onClick={() => {
                setTab('impact')
                panels.current?.scrollIntoView({ behavior: 'smooth', block: 'start' })
              }}
            >
              What would this flip?
            </Button>
          )}
          {isDirty && <Button variant="ghost" onClick={() => window.confirm('Discard every unsaved change?') && ws.discardDraft()}>Discard changes</Button>}
          <Button variant="primary" onClick={() => void requestSave()} disabled={ws.saving || guard.checking || !isDirty} aria-keyshortcuts="Control+S Meta+S" title="Save (Ctrl/Cmd+S)">
            Save
          </Button>
        </div>
      </div>
      <ShareNotice current={ws.draft} onReplaceDraft={(files) => ws.replaceFiles(files)} />
      {ws.restored && (
        <Notice tone="warn" role="status" className="flex flex-wrap items-center gap-3" data-testid="restored-notice">
          <span>
            Restored unsaved changes from {new Date(ws.restored.savedAt).toLocaleString()} (started from version {ws.restored.baseVersion}
            {ws.restored.baseVersion !== doc.version ? `; merged onto version ${doc.version}, saved since` : ''}).
            {ws.restored.conflicts.length > 0 && (
              <> Changed on both sides, your side kept: <span className="font-mono">{ws.restored.conflicts.join(', ')}</span>; check History for the other side.</>
            )}
          </span>
          <Button variant="ghost" onClick={ws.discardDraft}>Discard them</Button>
          <Button variant="ghost" onClick={ws.dismissRestored}>Keep editing</Button>
        </Notice>
      )}
      {ws.otherTab && (
        <Notice tone="warn" role="status" className="flex flex-wrap items-center gap-3" data-testid="other-tab-notice">
          <span className="min-w-0 flex-1">
            {ws.otherTab === 'changed'
              ? 'Another tab changed the unsaved draft of this workspace. Your next edit here would replace its changes.'
              : 'Another tab saved or discarded the draft of this workspace. Saving here may overwrite that version.'}
          </span>
          <span className="ml-auto flex shrink-0 gap-1">
            <Button variant="ghost" onClick={() => void ws.reload()}>{ws.otherTab === 'changed' ? 'Load the other tab’s draft' : 'Load the saved workspace'}</Button>
            <Button variant="ghost" onClick={ws.keepMine}>Keep mine</Button>
          </span>
        </Notice>
      )}
      {ws.saveError && <Notice tone="deny" role="alert">{ws.saveError}</Notice>}
      {link.problem && (
        <Notice tone="warn" role="status" className="flex flex-wrap items-center gap-3">
          <span className="min-w-0 flex-1">{link.problem}</span>
          <Button variant="ghost" onClick={link.dismiss}>Dismiss</Button>
        </Notice>
      )}
      {guard.brokenSave && (
        <Notice tone="warn" role="status" className="flex flex-wrap items-center gap-3" data-testid="broken-save">
          <span className="min-w-0 flex-1">Saved version {doc.version} with {guard.brokenSave}: it is marked broken in History. Fix the problems and save again.</span>
          <Button variant="ghost" onClick={() => {
              setTab('history')
              panels.current?.scrollIntoView({ behavior: 'smooth', block: 'start' })
            }}>Open History</Button>
          <Button variant="ghost" onClick={guard.dismissBrokenSave}>Dismiss</Button>
        </Notice>
      )}
      {guard.gate && <SaveDialog errors={guard.gate} onSaveAnyway={() => void guard.saveAnyway()} onKeepEditing={keepEditing} />}
      <div className="grid h-[58vh] min-h-[26rem] grid-cols-[13rem_minmax(0,1fr)] gap-3 xl:grid-cols-[15rem_minmax(0,1fr)]">
        <div className="flex min-h-0 flex-col gap-3 rounded-lg border border-line bg-panel p-2">
          <div className="min-h-0 flex-[3] overflow-auto">
            <FileTree
              paths={paths}
              active={ws.active}
              modified={modified}
              problems={problemFiles}
              onOpen={ws.setActive}
              onAdd={(p) => ws.replaceFiles({ ...ws.draft, [p]: starterText(p) }, p)}
              onRename={(from, to) => ws.replaceFiles(renameFile(ws.draft, from, to), ws.active === from ? to : ws.active)}
              onDelete={(p) => {
                const { [p]: _gone, ...rest } = ws.draft
                ws.replaceFiles(rest)
              }}
            />
          </div>
          <div className="min-h-0 flex-[2] overflow-auto border-t border-line pt-2">
            <ProblemsList problems={problems} checking={ws.checking} onJump={jump} />
          </div>
        </div>
        <div className="min-h-0 overflow-hidden rounded-lg border border-line bg-panel">
          <div className="border-b border-line px-3 py-1 font-mono text-xs text-muted">{ws.active ?? 'No file open'}</div>
          <div className="h-[calc(100%-1.75rem)]">
            <WorkspaceEditor files={ws.draft} revision={ws.revision} active={ws.active} problems={ws.problems} onChange={ws.editFile} onSave={() => void requestSave()} reveal={reveal} onTypeCheck={guard.setTypeCheck} />
          </div>
        </div>
      </div>
      <div ref={panels} className="scroll-mt-4 rounded-lg border border-line bg-panel">
        <Tabs items={TABS} value={tab} onChange={setTab} label="Evaluate the workspace" prefix="rules" />
        <div {...tabPanelProps('rules', tab)} className="p-3">
          {testError && tab === 'matrix' && <Notice tone="deny" role="alert" className="mb-2">Could not save the test: {testError}</Notice>}
          {tab === 'matrix' && <MatrixPanel analysis={analysis} onSaveAsTest={(t) => void addTest(t)} />}
          {tab === 'tests' && <TestsPanel analysis={analysis} />}
          {tab === 'impact' && <ImpactPanel files={ws.draft} />}
          {tab === 'history' && <HistoryPanel workspaceId={doc.workspaceId} current={ws.draft} savedTick={ws.savedTick} isDirty={isDirty} onRestored={ws.adoptSaved} />}
          {tab !== 'matrix' && tab !== 'tests' && tab !== 'impact' && tab !== 'history' && <ExtraPanels tab={tab} ws={ws} analysis={analysis} />}
        </div>
      </div>
    </div>
  )
}
