/** A JSON answer from the studio's HTTP API: status and parsed body. */
export interface JsonAnswer<T> {
  readonly status: number
  readonly body: T
}

/** Calls `url` with a JSON body (a string is sent as is, to test malformed bodies) and parses the answer. */
export async function requestJson<T>(url: string, method = 'GET', body?: unknown): Promise<JsonAnswer<T>> {
  const init: RequestInit = body === undefined
    ? { method }
    : { method, headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) }
  const res = await fetch(url, init)
  return { status: res.status, body: (await res.json()) as T }
}
