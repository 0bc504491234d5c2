'use client'

/**
 * Side-by-side Monaco diff of one file between two versions (read-only). The
 * diff editor and its two models live as long as the view: new texts are set
 * into them. Re-creating them on every change (each save changes the right
 * side) left Monaco's diff worker asking for disposed models, which threw
 * "no diff result available" as uncaught page errors.
 */
import { useEffect, useRef, useState } from 'react'
import { loadMonaco } from './monaco-loader'
import { followPageTheme, setupMonaco } from './monaco-setup'
import type { DiffEditor, TextModel } from './monaco-types'

let counter = 0

interface Live {
  readonly diff: DiffEditor
  readonly original: TextModel
  readonly modified: TextModel
}

export function DiffView({ original, modified, label }: { original: string; modified: string; label: string }) {
  const host = useRef<HTMLDivElement>(null)
  const [error, setError] = useState<string | undefined>()
  const [live, setLive] = useState<Live | undefined>()
  // The texts to show, read when the editor is created (later ones are set by the effect below).
  const texts = useRef({ original, modified, label })
  useEffect(() => {
    texts.current = { original, modified, label }
  })

  useEffect(() => {
    let cleanup: (() => void) | undefined
    let disposed = false
    loadMonaco().then(
      (m) => {
        if (disposed || !host.current) return
        setupMonaco(m)
        const id = ++counter
        const t = texts.current
        // Not file: URIs, so the diff's copies never join the workspace's TypeScript project.
        const a = m.editor.createModel(t.original, 'typescript', m.Uri.parse(`diff://original/${id}.ts`))
        const b = m.editor.createModel(t.modified, 'typescript', m.Uri.parse(`diff://modified/${id}.ts`))
        const diff = m.editor.createDiffEditor(host.current, { readOnly: true, automaticLayout: true, renderSideBySide: true, minimap: { enabled: false }, originalEditable: false, ariaLabel: t.label })
        diff.setModel({ original: a, modified: b })
        const unfollow = followPageTheme(m)
        setLive({ diff, original: a, modified: b })
        cleanup = () => {
          unfollow()
          // Detach the models first: a diff still being computed then has nothing to ask for.
          diff.setModel(null)
          diff.dispose()
          a.dispose()
          b.dispose()
        }
      },
      (e: unknown) => !disposed && setError(e instanceof Error ? e.message : 'The diff editor could not load.'),
    )
    return () => {
      disposed = true
      cleanup?.()
      setLive(undefined)
    }
  }, [])

  useEffect(() => {
    if (!live) return
    if (live.original.getValue() !== original) live.original.setValue(original)
    if (live.modified.getValue() !== modified) live.modified.setValue(modified)
    live.diff.updateOptions({ ariaLabel: label })
  }, [live, original, modified, label])

  if (error) return <p role="alert" className="text-sm text-deny">{error}</p>
  return <div ref={host} className="h-80 w-full rounded-md border border-line" data-testid="diff-view" />
}
