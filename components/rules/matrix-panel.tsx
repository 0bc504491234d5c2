'use client'

/**
 * Decision matrix: personas x (each component's mount and public actions) on the
 * saved version. A cell is allowed, denied, or unreachable (an action of a
 * component the persona cannot mount); an allow that holds only because the
 * values it compares are undefined is flagged. Each action column shows the
 * payload its cells are decided with, and opens an editor for it. Hover a cell
 * for its deciding layer, click it for the trace; cells that flipped since the
 * previous version are outlined and marked.
 */
import { useMemo, useRef, useState } from 'react'
import type { MatrixResponse } from '@/lib/api/workspace'
import type { RuleTest } from '@/lib/rules/rule-tests'
import { Notice } from '@/components/ui/notice'
import { cn } from '@/lib/utils'
import { MatrixCellDetail } from './matrix-cell-detail'
import {
  cellKey, cellLabel, changeSummary, columnGroups, fieldsReadIn, flipIndex, STATUS_SYMBOL, statusOf, tally, targetOf, type CellStatus,
} from './matrix-model'
import { MatrixPayloadEditor } from './matrix-payload-editor'
import { payloadPreview } from './matrix-payloads'
import type { Analysis } from './use-analysis'

/** The picked cell, by persona id and column key (indexes move when a save adds columns). */
type Picked = { persona: string; key: string }

export function MatrixPanel({ analysis, onSaveAsTest }: { analysis: Analysis; onSaveAsTest: (test: RuleTest) => void }) {
  const { matrix, matrixBusy, columnPayloads } = analysis
  if (matrix.status === 'loading') return <p role="status" className="text-sm text-muted">Deciding every persona × action…</p>
  if (matrix.status === 'error') return <Notice tone="deny" role="alert">Could not decide the matrix: {matrix.error}</Notice>
  return <MatrixTable m={matrix.value} busy={matrixBusy} setPayload={columnPayloads.setPayload} onSaveAsTest={onSaveAsTest} />
}

const CELL_LOOK: Readonly<Record<CellStatus, string>> = {
  allow: 'bg-allow/15 text-allow',
  deny: 'bg-deny/10 text-deny',
  unreachable: 'border border-dashed border-muted/60 bg-surface text-muted',
}

function MatrixTable({ m, busy, setPayload, onSaveAsTest }: {
  m: MatrixResponse
  busy: boolean
  setPayload: (key: string, value: unknown) => string | undefined
  onSaveAsTest: (t: RuleTest) => void
}) {
  const [picked, setPicked] = useState<Picked | undefined>()
  const [editing, setEditing] = useState<string | undefined>()
  const [applied, setApplied] = useState<string | undefined>()
  const payloadButtons = useRef(new Map<string, HTMLButtonElement>())
  const flips = useMemo(() => flipIndex(m.flips), [m.flips])
  const groups = useMemo(() => columnGroups(m.columns), [m.columns])
  const counts = useMemo(() => tally(m), [m])
  if (m.columns.length === 0) return <p className="text-sm text-muted">No components loaded: fix the problems listed beside the editor, then save.</p>

  const row = picked ? m.personas.findIndex((p) => p.id === picked.persona) : -1
  const col = picked ? m.columns.findIndex((c) => c.key === picked.key) : -1
  const sel = m.cells[row]?.[col]
  const selPersona = m.personas[row]
  const selColumn = m.columns[col]
  const editCol = editing === undefined ? -1 : m.columns.findIndex((c) => c.key === editing)
  const editColumn = m.columns[editCol]
  const summary = changeSummary(m)

  const closeEditor = (key: string) => {
    setEditing(undefined)
    payloadButtons.current.get(key)?.focus()
  }

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1 text-xs text-muted">
        <p data-testid="matrix-summary">
          Version {m.version}
          {' · '}profile <span className="font-mono" data-testid="matrix-profile">{m.profile}</span>
          {summary ? ` · ${summary}` : ''}
          {' · '}hover a cell for the deciding layer, click it for the trace.
        </p>
        <p role="status" aria-live="polite" className="ml-auto">
          {busy ? 'Updating the matrix…' : applied ?? ''}
        </p>
      </div>
      <Legend counts={counts} />
      {/* relative: the cells' visually hidden texts are placed inside this scrolling box, not past the page's right edge. */}
      <div className={cn('relative overflow-auto rounded-md border border-line transition-opacity', busy && 'opacity-60')} aria-busy={busy}>
        <table className="border-collapse text-xs" aria-label="Decision matrix">
          <thead>
            <tr>
              <th className="sticky left-0 z-10 bg-panel" />
              {groups.map((g, i) => (
                <th key={`${g.component}-${i}`} colSpan={g.span} scope="colgroup" className="border-b border-l border-line px-2 py-1 text-left font-semibold">{g.component}</th>
              ))}
            </tr>
            <tr>
              <th scope="col" className="sticky left-0 z-10 bg-panel px-2 py-1 text-left">Persona</th>
              {m.columns.map((c) => (
                <th key={c.key} scope="col" className="border-l border-line px-1.5 py-1 font-mono font-normal text-muted">{c.kind === 'mount' ? 'mount' : c.action}</th>
              ))}
            </tr>
            <tr className="border-t border-line">
              <th scope="row" className="sticky left-0 z-10 bg-panel px-2 py-1 text-left font-normal text-muted">Payload</th>
              {m.columns.map((c) => (
                <td key={c.key} className="border-l border-line px-0.5 py-0.5 text-center">
                  {c.kind === 'action'
                    ? (
                        <button
                          type="button"
                          ref={(el) => {
                            if (el) payloadButtons.current.set(c.key, el)
                            else payloadButtons.current.delete(c.key)
                          }}
                          onClick={() => setEditing(editing === c.key ? undefined : c.key)}
                          aria-expanded={editing === c.key}
                          aria-label={`Payload of ${targetOf(c)}: ${c.payload === undefined ? 'none' : payloadPreview(c.payload, 200)}. Edit`}
                          title={c.payload === undefined ? 'Called without a payload: click to set one' : `Called with ${payloadPreview(c.payload, 400)}: click to edit`}
                          data-payload-for={c.key}
                          className={cn(
                            'max-w-[9rem] truncate rounded px-1.5 py-0.5 font-mono text-[11px] hover:bg-surface',
                            c.payload === undefined ? 'text-muted' : 'bg-accent/10 text-accent',
                            editing === c.key && 'outline outline-2 outline-accent',
                          )}
                        >
                          {c.payload === undefined ? '{ }' : payloadPreview(c.payload, 16)}
                        </button>
                      )
                    : <span className="text-muted"><span aria-hidden="true">–</span><span className="sr-only">mounts take no payload</span></span>}
                </td>
              ))}
            </tr>
          </thead>
          <tbody>
            {m.personas.map((p, r) => (
              <tr key={p.id} className="border-t border-line">
                <th scope="row" className="sticky left-0 z-10 bg-panel px-2 py-1 text-left font-medium">{p.label}</th>
                {m.columns.map((c, ci) => {
                  const cell = m.cells[r]?.[ci]
                  if (!cell) return <td key={c.key} />
                  const flip = flips.get(cellKey(p.id, c.key))
                  const status = statusOf(cell)
                  const isPicked = r === row && ci === col
                  const label = cellLabel(p.label, c, cell, flip)
                  return (
                    <td key={c.key} className="border-l border-line p-0.5 text-center">
                      <button
                        type="button"
                        title={label}
                        aria-label={label}
                        aria-pressed={isPicked}
                        data-cell={cellKey(p.id, c.key)}
                        data-status={status}
                        data-verdict={cell.verdict}
                        data-suspect={cell.undefinedAllow ? 'undefined-allow' : undefined}
                        data-flipped={flip ? flip.change : undefined}
                        onClick={() => setPicked({ persona: p.id, key: c.key })}
                        className={cn(
                          'relative h-6 w-full min-w-[2.25rem] rounded font-semibold',
                          CELL_LOOK[status],
                          flip && 'ring-2 ring-inset ring-warn',
                          isPicked && 'outline outline-2 outline-accent',
                        )}
                      >
                        {STATUS_SYMBOL[status]}
                        {cell.undefinedAllow && <span aria-hidden="true" className="absolute -right-0.5 -top-1 rounded-full bg-warn px-1 text-[9px] leading-[0.9rem] text-white dark:text-slate-950">!</span>}
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
      {editColumn && (
        <MatrixPayloadEditor
          key={editColumn.key}
          columnKey={editColumn.key}
          target={targetOf(editColumn)}
          value={editColumn.payload}
          readFields={fieldsReadIn(m, editCol)}
          onApply={(value) => {
            const failed = setPayload(editColumn.key, value)
            if (!failed) setApplied(value === undefined ? `${targetOf(editColumn)} is called without a payload.` : `${targetOf(editColumn)} is called with ${payloadPreview(value, 60)}.`)
            return failed
          }}
          onClose={() => closeEditor(editColumn.key)}
        />
      )}
      {sel && selPersona && selColumn && (
        <div aria-live="polite">
          <MatrixCellDetail
            persona={selPersona}
            column={selColumn}
            cell={sel}
            onEditPayload={() => {
              setEditing(selColumn.key)
            }}
            onSaveAsTest={onSaveAsTest}
          />
        </div>
      )}
    </div>
  )
}

/** What the symbols mean, with how many cells of each. */
function Legend({ counts }: { counts: ReturnType<typeof tally> }) {
  const item = (look: string, symbol: string, text: string) => (
    <li className="flex items-center gap-1.5">
      <span aria-hidden="true" className={cn('inline-flex h-5 w-6 items-center justify-center rounded font-semibold', look)}>{symbol}</span>
      <span>{text}</span>
    </li>
  )
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted" aria-label="Legend" data-testid="matrix-legend">
      {item(CELL_LOOK.allow, STATUS_SYMBOL.allow, `allowed (${counts.allow})`)}
      {item(CELL_LOOK.deny, STATUS_SYMBOL.deny, `denied (${counts.deny})`)}
      {item(CELL_LOOK.unreachable, STATUS_SYMBOL.unreachable, `unreachable: the persona cannot mount the component (${counts.unreachable})`)}
      {item('bg-warn text-white dark:text-slate-950 text-[10px] h-4 w-4 rounded-full', '!', `suspect allow: passes only because the values compared are undefined (${counts.suspect})`)}
      {item('ring-2 ring-inset ring-warn text-warn', '↕', 'flipped since the previous version')}
    </ul>
  )
}
