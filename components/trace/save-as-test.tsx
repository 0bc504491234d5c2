'use client'

import { useState } from 'react'
import { Button } from '@/components/ui/button'
import { noPersonaReason, noRuleTestReason, ruleTestFrom } from '@/components/traces/log-model'
import type { TraceEntry } from './trace-format'
import { saveRuleTest } from './save-rule-test'

/** The rule test pinning a trace entry's verdict, or why there is none. */
export function ruleTestOfEntry(entry: TraceEntry): { test: Record<string, unknown> } | { why: string } {
  const { meta, decision } = entry
  if (meta.persona === undefined && meta.sessionId !== undefined) {
    return { why: noPersonaReason(meta.sessionId) }
  }
  const test = ruleTestFrom({
    id: entry.at,
    kind: decision.kind,
    verdict: decision.verdict,
    ...(meta.component !== undefined && { component: meta.component }),
    ...(meta.action !== undefined && { action: meta.action }),
    ...(meta.persona !== undefined && { persona: meta.persona }),
    ...(decision.reason !== undefined && { reason: decision.reason }),
    payloadJson: meta.payloadJson ?? null,
    payloadTruncated: false,
  })
  if (!test) return { why: noRuleTestReason(decision.kind) }
  // A readable id; the server adds -2, -3... when it is taken.
  const slug = [test.persona, decision.kind, meta.component, decision.kind === 'action' ? meta.action : undefined]
    .filter((p): p is string => typeof p === 'string' && p !== '')
    .join('-')
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .slice(0, 180)
  return { test: { ...test, id: `${slug}-${decision.verdict}` } }
}

/** "Save as test" under a decision of the live tester. */
export function SaveAsTest({ entry }: { entry: TraceEntry }) {
  const [note, setNote] = useState<string>()
  const [busy, setBusy] = useState(false)
  const made = ruleTestOfEntry(entry)
  if ('why' in made) return <p className="text-xs text-muted">{made.why}</p>
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button
        disabled={busy}
        onClick={() => {
          setBusy(true)
          void saveRuleTest(made.test).then((r) => {
            setBusy(false)
            setNote(r.message)
          })
        }}
      >
        Save as rule test
      </Button>
      <span role="status" className="text-xs text-muted">{note}</span>
    </div>
  )
}
