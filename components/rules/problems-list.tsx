'use client'

/** The problems list (studio diagnostics and TypeScript errors): each entry jumps to its file, line and column. */
import type { ProblemView } from '@/lib/api/workspace'
import { cn } from '@/lib/utils'
import { problemCounts, problemLocation, problemSource } from './problems-model'

export function ProblemsList({ problems, checking, onJump }: { problems: readonly ProblemView[]; checking: boolean; onJump: (p: ProblemView) => void }) {
  const { errors, warnings } = problemCounts(problems)
  return (
    <section aria-labelledby="problems-heading" className="flex min-h-0 flex-col gap-1">
      <h2 id="problems-heading" className="flex items-center gap-2 text-xs font-semibold uppercase tracking-wide text-muted">
        Problems
        <span className="font-mono normal-case text-deny" aria-label={`${errors} error${errors === 1 ? '' : 's'}`}>{errors}✕</span>
        <span className="font-mono normal-case text-warn" aria-label={`${warnings} warning${warnings === 1 ? '' : 's'}`}>{warnings}▲</span>
        {checking && <span className="font-normal normal-case" role="status">checking…</span>}
      </h2>
      {problems.length === 0 ? (
        <p className="text-xs text-muted">{checking ? 'Checking the workspace…' : 'No problems found.'}</p>
      ) : (
        <ul className="min-h-0 space-y-0.5 overflow-auto" aria-label="Problems, click to jump">
          {problems.map((p, i) => (
            <li key={`${problemLocation(p)}-${p.code}-${i}`}>
              <button
                type="button"
                onClick={() => onJump(p)}
                className="flex w-full gap-1.5 rounded px-1.5 py-1 text-left text-xs hover:bg-surface"
                data-problem-code={p.code}
              >
                <span aria-label={p.severity} className={cn('shrink-0 font-bold', p.severity === 'error' ? 'text-deny' : 'text-warn')}>
                  {p.severity === 'error' ? '✕' : '▲'}
                </span>
                <span className="min-w-0">
                  <span className="block">{p.message}</span>
                  <span className="block font-mono text-[11px] text-muted">
                    {problemLocation(p)}
                    {problemSource(p) && <> · {problemSource(p)}</>}
                  </span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
