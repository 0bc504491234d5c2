'use client'

/** Rule tests stored with the workspace: run on every save; a failure shows its full trace. */
import { useState } from 'react'
import type { RuleTest } from '@/lib/rules/rule-tests'
import { Button } from '@/components/ui/button'
import { Badge, Notice } from '@/components/ui/notice'
import { DecisionTrace } from './decision-trace'
import { TestForm } from './test-form'
import type { Analysis } from './use-analysis'

export function describeTest(t: RuleTest): string {
  const target = t.kind === 'room' ? `join room ${t.roomId ?? ''}` : t.kind === 'mount' ? `mount ${t.component ?? ''}` : `${t.component ?? ''}.${t.action ?? ''}${t.payload === undefined ? '' : ` ${JSON.stringify(t.payload)}`}`
  return `${t.persona} · ${target} → ${t.expect}${t.reasonContains ? ` (reason contains '${t.reasonContains}')` : ''}`
}

export function TestsPanel({ analysis }: { analysis: Analysis }) {
  const { tests, running, runTests, storeTests, matrix } = analysis
  const [open, setOpen] = useState<string | undefined>()
  const [error, setError] = useState<string | undefined>()
  if (tests.status === 'loading') return <p role="status" className="text-sm text-muted">Running the rule tests…</p>
  if (tests.status === 'error') return <Notice tone="deny" role="alert">{tests.error}</Notice>
  const t = tests.value
  const update = async (next: RuleTest[]) => setError(await storeTests(next))
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <Button onClick={() => void runTests()} disabled={running}>{running ? 'Running…' : 'Run all'}</Button>
        <p className="text-sm" role="status" data-testid="tests-summary">
          <span className="text-allow">{t.passed} passed</span>, <span className="text-deny">{t.failed} failed</span>
          {t.errors > 0 && <>, <span className="text-warn">{t.errors} could not run</span></>} on version {t.version}
        </p>
      </div>
      {error && <Notice tone="deny" role="alert">{error}</Notice>}
      {t.tests.length === 0 && <p className="text-sm text-muted">No tests yet. Add one below, or pick a matrix cell and choose “Save as test”.</p>}
      <ul className="space-y-1" aria-label="Rule tests">
        {t.tests.map((test) => {
          const result = t.results.find((r) => r.id === test.id)
          const status = result?.status ?? 'error'
          const expanded = open === test.id
          return (
            <li key={test.id} data-test-id={test.id} data-status={status} className="rounded-md border border-line">
              <div className="flex items-center gap-2 px-2 py-1.5">
                <Badge tone={status === 'pass' ? 'allow' : status === 'fail' ? 'deny' : 'warn'}>{status === 'pass' ? 'PASS' : status === 'fail' ? 'FAIL' : 'ERROR'}</Badge>
                <button type="button" className="min-w-0 flex-1 truncate text-left text-sm" aria-expanded={expanded} onClick={() => setOpen(expanded ? undefined : test.id)}>
                  {describeTest(test)}
                </button>
                <Button variant="ghost" className="px-2 py-0.5 text-xs" aria-label={`Delete test ${test.id}`} onClick={() => void update(t.tests.filter((x) => x.id !== test.id))}>
                  Delete
                </Button>
              </div>
              {(expanded || status !== 'pass') && result && (result.message || expanded) && (
                <div className="space-y-2 border-t border-line px-3 py-2">
                  {result.message && <p className="text-sm text-deny">{result.message}</p>}
                  {(expanded || status === 'fail') && result.decision && <DecisionTrace title={describeTest(test)} decision={result.decision} />}
                </div>
              )}
            </li>
          )
        })}
      </ul>
      <TestForm matrix={matrix.status === 'ready' ? matrix.value : undefined} existing={t.tests} onAdd={(test) => void update([...t.tests, test])} />
    </div>
  )
}
