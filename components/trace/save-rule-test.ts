'use client'

/**
 * "Save as rule test" from any decision (on /traces and /live): adds the test
 * to the workspace's stored rule tests; when that fails, the JSON is copied so
 * nothing is lost. Resolves with a sentence for a status line.
 */
import { callApi, jsonRequest } from '@/lib/api/call'
import { testsPostResponseSchema } from '@/lib/api/workspace'

export async function saveRuleTest(test: Record<string, unknown>): Promise<{ ok: boolean; message: string }> {
  const res = await callApi('/api/workspace/tests', testsPostResponseSchema, jsonRequest('POST', { test }))
  if (res.ok) return { ok: true, message: `Saved rule test “${res.value.added}”; it runs on /rules with every save.` }
  if (res.status === 400) return { ok: false, message: `The studio refused this test: ${res.error}` }
  try {
    await navigator.clipboard.writeText(JSON.stringify(test, null, 2))
    return { ok: false, message: `Could not save it (${res.error}); copied the rule test JSON instead.` }
  } catch {
    return { ok: false, message: `Could not save or copy the rule test (${res.error}); its JSON is shown below.` }
  }
}
