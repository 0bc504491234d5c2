// State Backed machine authorizers: a team board lists the groups allowed in its
// context; a caller gets in when one of its token's groups is on that list.

interface TeamAuthContext {
  sub?: string
  groups?: string[]
}

interface BoardContext {
  allowedGroups?: string[]
}

interface ReadRequest {
  machineInstanceName: string
  state: unknown
  context: BoardContext
  authContext: TeamAuthContext
}

interface WriteRequest extends ReadRequest {
  event: { type: string }
}

function sharesGroup(context: BoardContext, authContext: TeamAuthContext): boolean {
  const allowed = context.allowedGroups ?? []
  return (authContext.groups ?? []).some((group) => allowed.includes(group))
}

export const allowRead = ({ context, authContext }: ReadRequest): boolean => sharesGroup(context, authContext)

// Writes (including the instance's initialization) follow the same group rule.
export const allowWrite = ({ context, authContext }: WriteRequest): boolean => sharesGroup(context, authContext)
