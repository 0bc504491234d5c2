/**
 * Loads the self-hosted Monaco AMD build (public/monaco/vs, copied from
 * node_modules by lib/server/copy-monaco.ts) at runtime, once per page. Only
 * /rules calls this, so no other page downloads or bundles Monaco; workers
 * come from the same origin.
 */
import type { Monaco } from './monaco-types'

export const MONACO_BASE = '/monaco/vs'

interface AmdRequire {
  (deps: string[], onLoad: (...modules: unknown[]) => void, onError?: (error: unknown) => void): void
  config(options: { paths: Record<string, string> }): void
}

type AmdWindow = { require?: AmdRequire; monaco?: Monaco }

let pending: Promise<Monaco> | undefined
let loaded: Monaco | undefined

/** Monaco when it has loaded on this page, else undefined (never starts a load). */
export const loadedMonaco = (): Monaco | undefined => loaded

function injectLoader(): Promise<AmdRequire> {
  const w = window as unknown as AmdWindow
  if (typeof w.require === 'function' && 'config' in w.require) return Promise.resolve(w.require)
  return new Promise((resolve, reject) => {
    const script = document.createElement('script')
    script.src = `${MONACO_BASE}/loader.js`
    script.async = true
    script.dataset.monacoLoader = 'true'
    script.onload = () => (w.require ? resolve(w.require) : reject(new Error('The Monaco loader did not start.')))
    script.onerror = () => reject(new Error('The editor files are missing (run `npm install` or `npm run build` to copy them).'))
    document.head.appendChild(script)
  })
}

/** Resolves with the Monaco API; a failed load can be retried. */
export function loadMonaco(): Promise<Monaco> {
  if (pending) return pending
  pending = injectLoader().then(
    (amd) =>
      new Promise<Monaco>((resolve, reject) => {
        amd.config({ paths: { vs: MONACO_BASE } })
        amd(['vs/editor/editor.main'], (main) => {
          loaded = ((window as unknown as AmdWindow).monaco ?? main) as Monaco
          resolve(loaded)
        }, reject)
      }),
  )
  pending.catch(() => {
    pending = undefined
  })
  return pending
}
