'use client'

/**
 * Follows a `/rules?file=…&line=…` link (a trace step's authorize links here):
 * once the workspace is loaded, opens the file and asks for the line, once per
 * link. Done while rendering (the first render that has both the link and the
 * workspace), so the file opens with the page rather than a render later.
 */
import { useMemo, useState } from 'react'
import { useSearchParams } from 'next/navigation'
import { sourceLinkTarget } from './source-link'
import type { RulesWorkspace } from './use-rules-workspace'

export function useSourceLink(
  ws: Pick<RulesWorkspace, 'doc' | 'draft' | 'setActive'>,
  reveal: (path: string, line: number, column: number) => void,
): { problem: string | undefined; dismiss: () => void } {
  const params = useSearchParams()
  const link = useMemo(() => sourceLinkTarget(params), [params])
  const [followed, setFollowed] = useState<{ key: string; missing?: string } | undefined>()
  if (link && ws.doc && followed?.key !== link.key) {
    const found = Object.hasOwn(ws.draft, link.file)
    setFollowed({ key: link.key, ...(found ? {} : { missing: link.file }) })
    if (found) {
      ws.setActive(link.file)
      reveal(link.file, link.line, link.column)
    }
  }
  return {
    problem: followed?.missing === undefined ? undefined : `${followed.missing} is not in this workspace (the link may be from another workspace, or the file was renamed since).`,
    dismiss: () => setFollowed((f) => (f ? { key: f.key } : f)),
  }
}
