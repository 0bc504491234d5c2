import type { Metadata } from 'next'
import { RulesStudio } from '@/components/rules/rules-studio'
import { monacoPreloads } from '@/lib/server/copy-monaco'

export const metadata: Metadata = { title: 'Rules' }

/** The rule studio: edit the workspace in Monaco, see who may do what, test it, share it. */
export default function RulesPage() {
  // The editor's files are passed as data and preloaded by the page once it runs:
  // react-dom's preload() or rendered <link rel=preload> become hints in the RSC
  // payload, so a sidebar link prefetching /rules would download Monaco everywhere.
  return (
    <div className="mx-auto max-w-[100rem]">
      <RulesStudio preloads={monacoPreloads(process.cwd())} />
    </div>
  )
}
