/**
 * The browser's way to call the studio's own HTTP API: answers are checked
 * with the route's schema; failures are values with a message fit for the
 * screen (the server's own `message` when it sent one). Browser-safe: zod only.
 */
import { z } from 'zod'

export type ApiResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string; readonly status?: number }

const errorBody = z.object({ message: z.string() })

/** GET (or `init`) `url` and parse the JSON answer with `schema`. */
export async function callApi<T>(url: string, schema: z.ZodType<T>, init?: RequestInit): Promise<ApiResult<T>> {
  let res: Response
  try {
    res = await fetch(url, { cache: 'no-store', ...init })
  } catch {
    return { ok: false, error: 'The studio server is not reachable.' }
  }
  const body: unknown = await res.json().catch(() => null)
  if (!res.ok) {
    const parsed = errorBody.safeParse(body)
    return { ok: false, status: res.status, error: parsed.success ? parsed.data.message : `The server answered ${res.status}.` }
  }
  const parsed = schema.safeParse(body)
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: `Unexpected answer from ${url}.` }
}

/** A JSON request body with its method. */
export const jsonRequest = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
