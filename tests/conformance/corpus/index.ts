/**
 * The whole conformance corpus, by workspace. Golden files are recorded per
 * workspace and ordering profile (`npm run conformance:record`).
 */
import type { Scenario, WorkspaceName } from '../types'
import { actionMatrix, mountMatrix, properties, silentActions, unknownIds } from './demo-components'
import { roomJoinByPersona, roomNames, roomsThreeConnections, roomsTwoConnections } from './demo-rooms'
import { ownership, reauth, tokens } from './demo-sessions'
import { rehydrateScenarios } from './demo-rehydrate'
import { uploadScenarios } from './demo-uploads'
import { edgeActions, edgeMounts, edgePlain, edgeReauth, edgeRehydrate, edgeRooms } from './edges'
import { hostileFrames } from './hostile'

export const CORPUS: Readonly<Record<WorkspaceName, readonly Scenario[]>> = {
  demo: [
    ...mountMatrix, ...actionMatrix, silentActions, unknownIds, ...properties, tokens, ...reauth, ...ownership,
    ...roomJoinByPersona, roomsTwoConnections, roomsThreeConnections, roomNames, hostileFrames,
    ...rehydrateScenarios, ...uploadScenarios,
  ],
  edges: [...edgeMounts, ...edgeActions, edgePlain, ...edgeRooms, edgeReauth, edgeRehydrate],
}

/** Steps in the corpus (a step is one client frame and every answer to it). */
export function stepCount(): number {
  return Object.values(CORPUS).flat().reduce((n, s) => n + s.steps.length, 0)
}
