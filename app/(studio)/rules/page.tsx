import type { Metadata } from 'next'
import { Suspense } from 'react'
import { preload } from 'react-dom'
import { RulesStudio } from '@/components/rules/rules-studio'
import { monacoPreloads } from '@/lib/server/copy-monaco'

export const metadata: Metadata = { title: 'Rules' }

/** The rule studio: edit the workspace in Monaco, see who may do what, test it, share it. */
export default function RulesPage() {
  // The editor's files, requested at once from the page's <head> while it hydrates. These hints travel in
  // the page's RSC payload too, which is why the sidebar never prefetches /rules (components/shell/nav-items.ts).
  for (const href of monacoPreloads(process.cwd())) preload(href, { as: 'script' })
  preload('/monaco/vs/editor/editor.main.css', { as: 'style' })
  return (
    <div className="mx-auto max-w-[100rem]">
      {/* The studio reads ?file=&line= (links from traces): rendered on the client only. */}
      <Suspense fallback={<p role="status" className="text-sm text-muted">Loading the workspace…</p>}>
        <RulesStudio />
      </Suspense>
    </div>
  )
}
