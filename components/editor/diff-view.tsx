'use client'

/** Side-by-side Monaco diff of one file between two versions (read-only). */
import { useEffect, useRef, useState } from 'react'
import { loadMonaco } from './monaco-loader'
import { followPageTheme, setupMonaco } from './monaco-setup'

let counter = 0

export function DiffView({ original, modified, label }: { original: string; modified: string; label: string }) {
  const host = useRef<HTMLDivElement>(null)
  const [error, setError] = useState<string | undefined>()

  useEffect(() => {
    let cleanup: (() => void) | undefined
    let disposed = false
    loadMonaco().then(
      (m) => {
        if (disposed || !host.current) return
        setupMonaco(m)
        const id = ++counter
        // Not file: URIs, so the diff's copies never join the workspace's TypeScript project.
        const a = m.editor.createModel(original, 'typescript', m.Uri.parse(`diff://original/${id}.ts`))
        const b = m.editor.createModel(modified, 'typescript', m.Uri.parse(`diff://modified/${id}.ts`))
        const diff = m.editor.createDiffEditor(host.current, { readOnly: true, automaticLayout: true, renderSideBySide: true, minimap: { enabled: false }, originalEditable: false, ariaLabel: label })
        diff.setModel({ original: a, modified: b })
        const unfollow = followPageTheme(m)
        cleanup = () => {
          unfollow()
          diff.dispose()
          a.dispose()
          b.dispose()
        }
      },
      (e: unknown) => setError(e instanceof Error ? e.message : 'The diff editor could not load.'),
    )
    return () => {
      disposed = true
      cleanup?.()
    }
  }, [original, modified, label])

  if (error) return <p role="alert" className="text-sm text-deny">{error}</p>
  return <div ref={host} className="h-80 w-full rounded-md border border-line" data-testid="diff-view" />
}
