'use client'

/**
 * "Save as rule test" from any decision (on /traces and /live): adds the test
 * to the workspace's stored rule tests; when that fails, the JSON is copied so
 * nothing is lost. Resolves with a sentence for a status line.
 */
export async function saveRuleTest(test: Record<string, unknown>): Promise<{ ok: boolean; message: string }> {
  try {
    const res = await fetch('/api/workspace/tests', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ test }) })
    const body = (await res.json().catch(() => ({}))) as { added?: string; message?: string }
    if (res.ok && body.added) return { ok: true, message: `Saved rule test “${body.added}”; it runs on /rules with every save.` }
    if (res.status === 400) return { ok: false, message: `The studio refused this test: ${body.message ?? 'invalid test'}.` }
  } catch {
    // fall through to the clipboard
  }
  try {
    await navigator.clipboard.writeText(JSON.stringify(test, null, 2))
    return { ok: false, message: 'Could not save it; copied the rule test JSON instead.' }
  } catch {
    return { ok: false, message: 'Could not save or copy the rule test; its JSON is shown below.' }
  }
}
