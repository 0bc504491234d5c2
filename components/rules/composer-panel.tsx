'use client'

/**
 * Rule composer: builds declarative rules, factories and per-component rules
 * as forms, previews the TypeScript they become, and applies it to the DRAFT
 * (auth/rules.ts or the component file, imports added); the user reviews the
 * change in the editor and saves as usual. It reads back only code it could
 * have written; anything else stays untouched unless the user asks to replace it.
 */
import { useMemo, useState } from 'react'
import { useRemote } from '@/components/ui/use-remote'
import { fetchPersonas } from '@/components/live/studio-api'
import { Button } from '@/components/ui/button'
import { Field, Select } from '@/components/ui/field'
import { Notice } from '@/components/ui/notice'
import type { Built, ComponentRuleForm, ExportForm, ExportInfo, Issue } from './composer-form'
import { componentFormFromRef, newExportForm } from './composer-form'
import { ComponentFields, ExportFields } from './composer-fields'
import { ComposerPreview } from './composer-preview'
import {
  applyComponent, applyExport, choicesOf, contextOfTarget, hintsOf, isComponentTarget, loadTarget, parseTargetKey, targetKey,
  type Applied, type Hints, type Loaded, type Target,
} from './composer-target'
import type { PanelProps } from './panel-props'

/** What is being edited: the target, its form (or why there is none), and whether it replaces hand-written code. */
interface Editing {
  readonly target: Target
  readonly loaded: Loaded
  readonly replacing?: { readonly path: string; readonly code: string }
}

const FIRST: Target = { kind: 'new-rule' }

export function ComposerPanel({ ws }: PanelProps) {
  const files = ws.draft
  const choices = useMemo(() => choicesOf(files), [files])
  const [editing, setEditing] = useState<Editing>(() => ({ target: FIRST, loaded: loadTarget(files, FIRST) }))
  const personas = useRemote(fetchPersonas)
  const [attempted, setAttempted] = useState(false)
  const [applied, setApplied] = useState<string | undefined>()


  const hints: Hints = useMemo(() => hintsOf(personas.status === 'ready' ? personas.value : [], files), [personas, files])

  const pick = (target: Target) => {
    setEditing({ target, loaded: loadTarget(files, target) })
    setAttempted(false)
    setApplied(undefined)
  }

  const result = useMemo(() => preview(files, editing, choices.exports), [files, editing, choices.exports])
  const issues: readonly Issue[] = result && !result.ok ? result.issues : []

  const apply = () => {
    setAttempted(true)
    if (!result?.ok) {
      setApplied(undefined)
      return
    }
    const { value } = result
    if (value.files[value.path] === files[value.path]) {
      setApplied(`Nothing to change: ${value.path} already says this.`)
      return
    }
    ws.replaceFiles(value.files, value.path)
    setApplied(`Applied to ${value.path} in the draft${value.imports.length > 0 ? ` (added ${value.imports.length} import${value.imports.length === 1 ? '' : 's'})` : ''}. Review it in the editor, then save (Ctrl+S).`)
    // What was applied is now what the draft holds: a new export becomes the target, so a second apply replaces it.
    const { loaded } = editing
    if (loaded.kind === 'export') setEditing({ target: { kind: 'export', name: loaded.form.name.trim() }, loaded: { ...loaded, status: 'read' } })
    if (loaded.kind === 'component') setEditing({ target: editing.target, loaded: { kind: 'component', form: loaded.form, status: 'read' } })
    setAttempted(false)
  }

  const setExportForm = (form: ExportForm) => editing.loaded.kind === 'export' && setEditing({ ...editing, loaded: { ...editing.loaded, form } })
  const setComponentForm = (form: ComponentRuleForm) => editing.loaded.kind === 'component' && setEditing({ ...editing, loaded: { ...editing.loaded, form } })
  const replaceHandWritten = (path: string, code: string) => {
    const { target } = editing
    const loaded: Loaded = target.kind === 'export'
      ? { kind: 'export', form: { ...newExportForm('rule'), name: target.name }, status: 'new' }
      : { kind: 'component', form: componentFormFromRef(undefined), status: 'new' }
    setEditing({ target, loaded, replacing: { path, code } })
  }

  const { loaded, target } = editing
  return (
    <div className="space-y-3" data-testid="composer">
      <div className="flex flex-wrap items-end gap-3">
        <TargetPicker value={target} choices={choices} onPick={pick} />
        <Button variant="ghost" onClick={() => pick(target)} title="Read the target again from the draft, dropping the form's edits">Re-read from draft</Button>
        {personas.status === 'error' && <p className="text-xs text-warn" role="status">Persona suggestions unavailable: {personas.error}</p>}
      </div>
      {choices.components.length === 0 && <p className="text-xs text-muted">No LiveComponent classes in components/ yet: only auth/rules.ts exports can be composed.</p>}
      {loaded.kind === 'missing' && <Notice tone="warn" role="status">{loaded.message}</Notice>}
      {loaded.kind === 'unreadable' && (
        <Notice tone="warn" role="status" className="space-y-2" data-testid="composer-unreadable">
          <p>{loaded.message}. The composer leaves it as it is.</p>
          <pre className="max-h-48 overflow-auto rounded border border-line bg-surface p-2 font-mono text-xs">{loaded.code}</pre>
          <div className="flex flex-wrap gap-2">
            <Button variant="primary" onClick={() => ws.setActive(loaded.path)}>Open {loaded.path} in the editor</Button>
            <Button onClick={() => replaceHandWritten(loaded.path, loaded.code)}>Replace it with a composer rule…</Button>
          </div>
        </Notice>
      )}
      {(loaded.kind === 'export' || loaded.kind === 'component') && (
        <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
          <form
            aria-label="Rule composer form"
            className="min-w-0 space-y-3"
            onSubmit={(e) => {
              e.preventDefault()
              apply()
            }}
          >
            {editing.replacing && (
              <Notice tone="warn" role="status">
                Applying replaces the hand-written code in {editing.replacing.path}. It stays in the saved version until you save; “Discard changes” brings it back.
              </Notice>
            )}
            {loaded.kind === 'component' && loaded.message && <p className="text-xs text-muted">{loaded.message}</p>}
            {loaded.kind === 'export'
              ? <ExportFields form={loaded.form} onChange={setExportForm} hints={hints} issues={attempted || loaded.form.name !== '' ? issues : issues.filter((i) => i.field !== 'name')} />
              : <ComponentFields form={loaded.form} onChange={setComponentForm} exports={choices.exports} hints={hints} issues={issues} context={isComponentTarget(target) ? contextOfTarget(target) : 'either'} />}
            <div className="flex flex-wrap items-center gap-3 border-t border-line pt-3">
              <Button type="submit" variant="primary">Apply to draft</Button>
              {applied && <p role="status" className="text-sm text-allow" data-testid="composer-applied">{applied}</p>}
              {attempted && issues.length > 0 && <p role="alert" className="text-sm text-deny">Fix the {issues.length === 1 ? 'issue' : `${issues.length} issues`} above first.</p>}
            </div>
          </form>
          <ComposerPreview result={result} issues={issues} attempted={attempted} />
        </div>
      )}
    </div>
  )
}

function preview(files: Readonly<Record<string, string>>, editing: Editing, exports: readonly ExportInfo[]): Built<Applied> | undefined {
  const { loaded, target } = editing
  if (loaded.kind === 'export') return applyExport(files, loaded.form, target.kind === 'export' ? target.name : undefined)
  if (loaded.kind === 'component' && isComponentTarget(target)) return applyComponent(files, target, loaded.form, exports)
  return undefined
}

function TargetPicker({ value, choices, onPick }: { value: Target; choices: ReturnType<typeof choicesOf>; onPick: (t: Target) => void }) {
  return (
    <Field label="Edit" htmlFor="composer-target" className="w-full max-w-md">
      <Select
        id="composer-target"
        value={targetKey(value)}
        onChange={(e) => {
          const t = parseTargetKey(e.target.value)
          if (t) onPick(t)
        }}
      >
        <optgroup label="New">
          <option value="new-rule">New rule export…</option>
          <option value="new-factory">New rule factory…</option>
        </optgroup>
        {choices.exports.length > 0 && (
          <optgroup label="auth/rules.ts">
            {choices.exports.map((e) => <option key={e.name} value={targetKey({ kind: 'export', name: e.name })}>{e.factory ? `${e.name}(…)` : e.name}</option>)}
          </optgroup>
        )}
        {choices.components.map((c) => (
          <optgroup key={`${c.path}:${c.className}`} label={`${c.className} (${c.path})`}>
            <option value={targetKey({ kind: 'auth', path: c.path, className: c.className })}>{c.className} · static auth (mount)</option>
            {c.actions.map((a) => (
              <option key={a} value={targetKey({ kind: 'action', path: c.path, className: c.className, action: a })}>{c.className} · actionAuth.{a}</option>
            ))}
          </optgroup>
        ))}
      </Select>
    </Field>
  )
}
