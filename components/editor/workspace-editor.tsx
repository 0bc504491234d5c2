'use client'

/**
 * The Monaco editor over the workspace's files: one TypeScript model per file
 * (file:/// URIs, so imports between them resolve), studio problems as
 * markers, the language service's errors reported up (for the problems list),
 * Ctrl/Cmd+S to save. Monaco itself is loaded on first mount only.
 */
import { useEffect, useRef, useState } from 'react'
import type { ProblemView } from '@/lib/api/workspace'
import { markerOf } from '@/components/rules/problems-model'
import { loadMonaco } from './monaco-loader'
import { fileUri, followPageTheme, setupMonaco } from './monaco-setup'
import { checkModels, type TypeCheck } from './type-problems'
import type { CodeEditor, Monaco, TextModel } from './monaco-types'

export interface RevealRequest {
  readonly path: string
  readonly line: number
  readonly column: number
  /** Changes on every request, so the same spot can be revealed twice. */
  readonly nonce: number
}

export interface WorkspaceEditorProps {
  readonly files: Readonly<Record<string, string>>
  /**
   * Changes when `files` were replaced from outside the editor; only then is
   * a model's text overwritten. Typing updates `files` a render later, so
   * comparing texts would push a stale draft back and eat keystrokes.
   */
  readonly revision: number
  readonly active: string | undefined
  readonly problems: readonly ProblemView[]
  readonly onChange: (path: string, text: string) => void
  readonly onSave: () => void
  readonly reveal?: RevealRequest | undefined
  /** The TypeScript errors of every file, after each pause in typing (Monaco's squiggles, as problems). */
  readonly onTypeCheck?: (check: TypeCheck) => void
}

/** Pause after an edit before every file is type-checked again (Monaco's own markers wait 500 ms). */
const TYPE_CHECK_DELAY_MS = 550

const pathOf = (model: TextModel) => model.uri.path.replace(/^\//, '')

export function WorkspaceEditor({ files, revision, active, problems, onChange, onSave, reveal, onTypeCheck }: WorkspaceEditorProps) {
  const host = useRef<HTMLDivElement>(null)
  const [monaco, setMonaco] = useState<Monaco | undefined>()
  const [error, setError] = useState<string | undefined>()
  const [attempt, setAttempt] = useState(0)
  const editorRef = useRef<CodeEditor | undefined>(undefined)
  const views = useRef(new Map<string, ReturnType<CodeEditor['saveViewState']>>())
  const appliedRevision = useRef<number | undefined>(undefined)
  const handlers = useRef({ onChange, onSave, onTypeCheck })
  useEffect(() => {
    handlers.current = { onChange, onSave, onTypeCheck }
  })

  useEffect(() => {
    let disposed = false
    let cleanup: (() => void) | undefined
    loadMonaco().then(
      (m) => {
        if (disposed || !host.current) return
        setupMonaco(m)
        const editor = m.editor.create(host.current, {
          model: null,
          automaticLayout: true,
          minimap: { enabled: false },
          fontSize: 13,
          tabSize: 2,
          scrollBeyondLastLine: false,
          fixedOverflowWidgets: true,
          ariaLabel: 'Workspace file editor',
        })
        editor.addCommand(m.KeyMod.CtrlCmd | m.KeyCode.KeyS, () => handlers.current.onSave())
        const sub = editor.onDidChangeModelContent(() => {
          const model = editor.getModel()
          if (model) handlers.current.onChange(pathOf(model), model.getValue())
        })
        const unfollow = followPageTheme(m)
        editorRef.current = editor
        cleanup = () => {
          unfollow()
          sub.dispose()
          editor.dispose()
          for (const model of m.editor.getModels()) if (model.uri.scheme === 'file') model.dispose()
        }
        setMonaco(m)
        host.current.dataset.editorReady = 'true'
        ;(window as unknown as { __rulesEditorReadyMs?: number }).__rulesEditorReadyMs = performance.now()
      },
      (e: unknown) => !disposed && setError(e instanceof Error ? e.message : 'The editor could not load.'),
    )
    return () => {
      disposed = true
      cleanup?.()
      editorRef.current = undefined
    }
  }, [attempt])

  // Models follow the draft: created, replaced from outside (undoably) or disposed.
  useEffect(() => {
    if (!monaco) return
    const replaced = appliedRevision.current !== revision
    appliedRevision.current = revision
    for (const [path, text] of Object.entries(files)) {
      const uri = monaco.Uri.parse(fileUri(path))
      const model = monaco.editor.getModel(uri)
      if (!model) monaco.editor.createModel(text, 'typescript', uri)
      else if (replaced && model.getValue() !== text) model.pushEditOperations([], [{ range: model.getFullModelRange(), text }], () => null)
    }
    for (const model of monaco.editor.getModels()) {
      if (model.uri.scheme === 'file' && !Object.hasOwn(files, pathOf(model)) && !model.uri.path.startsWith('/node_modules/')) model.dispose()
    }
  }, [monaco, files, revision])

  // Every file type-checked after a pause (an edit can break another file that imports it).
  useEffect(() => {
    if (!monaco) return
    let cancelled = false
    const timer = setTimeout(() => {
      void checkModels(monaco).then(
        (check) => !cancelled && check && handlers.current.onTypeCheck?.(check),
        () => {}, // the worker restarting or a model disposed mid-check: the next edit checks again
      )
    }, TYPE_CHECK_DELAY_MS)
    return () => {
      cancelled = true
      clearTimeout(timer)
    }
  }, [monaco, files])

  // The active file, keeping each file's cursor and scroll.
  useEffect(() => {
    const editor = editorRef.current
    if (!monaco || !editor) return
    const current = editor.getModel()
    const model = active ? monaco.editor.getModel(monaco.Uri.parse(fileUri(active))) : null
    if (current === model) return
    if (current) views.current.set(pathOf(current), editor.saveViewState())
    editor.setModel(model)
    const view = active ? views.current.get(active) : undefined
    if (view) editor.restoreViewState(view)
  }, [monaco, active, files])

  // Studio problems as markers (Monaco's own TypeScript markers live beside them).
  useEffect(() => {
    if (!monaco) return
    for (const model of monaco.editor.getModels()) {
      if (model.uri.scheme !== 'file') continue
      const path = pathOf(model)
      const markers = problems
        .filter((p) => p.file === path)
        .map((p) => {
          const line = Math.min(Math.max(1, p.line ?? 1), model.getLineCount())
          const spec = markerOf({ ...p, line }, model.getLineContent(line))
          return { ...spec, severity: spec.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning, source: 'studio' }
        })
      monaco.editor.setModelMarkers(model, 'studio', markers)
    }
  }, [monaco, problems, files])

  // A reveal request moves the cursor once, in its own file (opening another file later keeps that file's place).
  const revealed = useRef<number | undefined>(undefined)
  useEffect(() => {
    const editor = editorRef.current
    const model = editor?.getModel()
    if (!reveal || !editor || !model || revealed.current === reveal.nonce || pathOf(model) !== reveal.path) return
    revealed.current = reveal.nonce
    const position = { lineNumber: reveal.line, column: reveal.column }
    editor.setPosition(position)
    editor.revealPositionInCenter(position)
    editor.focus()
  }, [reveal, active, monaco])

  return (
    <div className="relative h-full min-h-[24rem]">
      <div ref={host} className="absolute inset-0" data-testid="monaco-host" />
      {!monaco && !error && (
        <div role="status" className="absolute inset-0 flex items-center justify-center text-sm text-muted">
          Loading the editor…
        </div>
      )}
      {error && (
        <div role="alert" className="absolute inset-0 flex flex-col items-center justify-center gap-2 p-4 text-center text-sm">
          <p>{error}</p>
          <button type="button" className="rounded-md border border-line px-3 py-1" onClick={() => {
              setError(undefined)
              setAttempt((a) => a + 1)
            }}>
            Try again
          </button>
        </div>
      )}
    </div>
  )
}
