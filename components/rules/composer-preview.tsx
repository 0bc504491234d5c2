'use client'

/** Live preview of what "Apply to draft" writes, or the issues that stop it. */
import { CopyButton } from '@/components/ui/copy-button'
import type { Built, Issue } from './composer-form'
import type { Applied } from './composer-target'

export function ComposerPreview({ result, issues, attempted }: { result: Built<Applied> | undefined; issues: readonly Issue[]; attempted: boolean }) {
  return (
    <section aria-labelledby="composer-preview-title" className="min-w-0 space-y-2 self-start lg:sticky lg:top-16">
      <div className="flex items-center gap-2">
        <h3 id="composer-preview-title" className="text-xs font-semibold uppercase tracking-wide text-muted">Preview</h3>
        {result?.ok && <span className="font-mono text-xs text-muted">→ {result.value.path}</span>}
        {result?.ok && <CopyButton text={result.value.code} label="Copy code" className="ml-auto px-2 py-0.5 text-xs" />}
      </div>
      {result === undefined && <p className="text-sm text-muted">Nothing to preview.</p>}
      {result?.ok && (
        <>
          <pre data-testid="composer-preview" aria-label="Generated TypeScript" tabIndex={0} className="max-h-96 overflow-auto whitespace-pre-wrap break-words rounded-md border border-line bg-surface p-3 font-mono text-xs leading-relaxed text-ink">
            {result.value.code}
          </pre>
          {result.value.imports.length > 0 && (
            <p className="text-xs text-muted">
              Also adds: {result.value.imports.map((line) => <code key={line} className="mr-2 block font-mono">{line}</code>)}
            </p>
          )}
        </>
      )}
      {result && !result.ok && (
        <div className="rounded-md border border-dashed border-line p-3" data-testid="composer-issues">
          <p className="text-sm text-muted">{attempted ? 'Cannot apply yet:' : 'The code appears here once the form is complete:'}</p>
          <ul className="mt-1 list-disc pl-5 text-sm text-deny">
            {[...new Set(issues.map((i) => i.message))].map((m) => <li key={m}>{m}</li>)}
          </ul>
        </div>
      )}
    </section>
  )
}
