'use client'

/**
 * Decision matrix: personas x (each component's mount and public actions) on the
 * saved version. Hover a cell for its deciding layer, click it for the trace;
 * cells that flipped since the previous version are outlined and marked.
 */
import { useMemo, useState } from 'react'
import type { MatrixResponse } from '@/lib/api/workspace'
import type { RuleTest } from '@/lib/rules/rule-tests'
import { Button } from '@/components/ui/button'
import { Notice } from '@/components/ui/notice'
import { cn } from '@/lib/utils'
import { DecisionTrace } from './decision-trace'
import { cellKey, cellTitle, columnGroups, flipIndex } from './matrix-model'
import type { Analysis } from './use-analysis'

type Picked = { row: number; col: number }

export function MatrixPanel({ analysis, onSaveAsTest }: { analysis: Analysis; onSaveAsTest: (test: RuleTest) => void }) {
  const { matrix } = analysis
  const [picked, setPicked] = useState<Picked | undefined>()
  if (matrix.status === 'loading') return <p role="status" className="text-sm text-muted">Deciding every persona × action…</p>
  if (matrix.status === 'error') return <Notice tone="deny" role="alert">{matrix.error}</Notice>
  return <MatrixTable m={matrix.value} picked={picked} onPick={setPicked} onSaveAsTest={onSaveAsTest} />
}

function MatrixTable({ m, picked, onPick, onSaveAsTest }: { m: MatrixResponse; picked: Picked | undefined; onPick: (p: Picked) => void; onSaveAsTest: (t: RuleTest) => void }) {
  const flips = useMemo(() => flipIndex(m.flips), [m.flips])
  const groups = useMemo(() => columnGroups(m.columns), [m.columns])
  if (m.columns.length === 0) return <p className="text-sm text-muted">No components loaded: fix the problems listed beside the editor, then save.</p>
  const sel = picked && m.cells[picked.row]?.[picked.col]
  const selPersona = picked && m.personas[picked.row]
  const selColumn = picked && m.columns[picked.col]
  return (
    <div className="space-y-3">
      <p className="text-xs text-muted">
        Version {m.version}
        {m.previousVersion !== null ? ` · ${m.flips.length} cell${m.flips.length === 1 ? '' : 's'} flipped since version ${m.previousVersion}` : ''}
        {' · '}hover a cell for the deciding layer, click it for the trace.
      </p>
      <div className="overflow-auto rounded-md border border-line">
        <table className="border-collapse text-xs" aria-label="Decision matrix">
          <thead>
            <tr>
              <th className="sticky left-0 z-10 bg-panel" />
              {groups.map((g) => (
                <th key={g.component} colSpan={g.span} scope="colgroup" className="border-b border-l border-line px-2 py-1 text-left font-semibold">{g.component}</th>
              ))}
            </tr>
            <tr>
              <th scope="col" className="sticky left-0 z-10 bg-panel px-2 py-1 text-left">Persona</th>
              {m.columns.map((c) => (
                <th key={c.key} scope="col" className="border-l border-line px-1.5 py-1 font-mono font-normal text-muted">{c.kind === 'mount' ? 'mount' : c.action}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {m.personas.map((p, row) => (
              <tr key={p.id} className="border-t border-line">
                <th scope="row" className="sticky left-0 z-10 bg-panel px-2 py-1 text-left font-medium">{p.label}</th>
                {m.columns.map((c, col) => {
                  const cell = m.cells[row]?.[col]
                  if (!cell) return <td key={c.key} />
                  const flip = flips.get(cellKey(p.id, c.key))
                  const allow = cell.verdict === 'allow'
                  const isPicked = picked?.row === row && picked.col === col
                  return (
                    <td key={c.key} className="border-l border-line p-0.5 text-center">
                      <button
                        type="button"
                        title={cellTitle(p.id, c, cell, flip)}
                        aria-label={cellTitle(p.id, c, cell, flip)}
                        aria-pressed={isPicked}
                        data-cell={cellKey(p.id, c.key)}
                        data-verdict={cell.verdict}
                        data-flipped={flip ? flip.change : undefined}
                        onClick={() => onPick({ row, col })}
                        className={cn(
                          'h-6 w-full min-w-[2.25rem] rounded font-semibold',
                          allow ? 'bg-allow/15 text-allow' : 'bg-deny/10 text-deny',
                          flip && 'ring-2 ring-inset ring-warn',
                          isPicked && 'outline outline-2 outline-accent',
                        )}
                      >
                        {allow ? '✓' : '✕'}
                        {flip && <span aria-hidden="true" className="ml-0.5 text-warn">↕</span>}
                      </button>
                    </td>
                  )
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {sel && selPersona && selColumn && (
        <div className="space-y-2 rounded-md border border-line p-3" aria-live="polite">
          <DecisionTrace title={`${selPersona.label} · ${selColumn.kind === 'mount' ? `mount ${selColumn.component}` : `${selColumn.component}.${selColumn.action ?? ''}`}`} decision={sel.decision} />
          <Button
            onClick={() =>
              onSaveAsTest({
                id: `${selPersona.id}-${selColumn.component}-${selColumn.kind === 'mount' ? 'mount' : selColumn.action ?? ''}-${sel.verdict}`.toLowerCase(),
                persona: selPersona.id,
                component: selColumn.component,
                kind: selColumn.kind,
                ...(selColumn.kind === 'action' ? { action: selColumn.action ?? '' } : {}),
                expect: sel.verdict,
              })
            }
          >
            Save as test
          </Button>
        </div>
      )}
    </div>
  )
}
