/**
 * What every panel under the rule studio's tabs is given: the workspace being
 * edited and the analysis of its saved version. Its own file, so the panels and
 * extra-panels.tsx (which renders them) never import each other for it.
 */
import type { Analysis } from './use-analysis'
import type { RulesWorkspace } from './use-rules-workspace'

export interface PanelProps {
  readonly ws: RulesWorkspace
  readonly analysis: Analysis
}
