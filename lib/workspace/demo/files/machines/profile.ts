// State Backed machine authorizers: a profile instance is named after its owner,
// so only the user whose id is the instance name may read or write it.

interface ProfileAuthContext {
  sub?: string
}

interface ReadRequest {
  machineInstanceName: string
  state: unknown
  context: Record<string, unknown>
  authContext: ProfileAuthContext
}

interface WriteRequest extends ReadRequest {
  event: { type: string }
}

export const allowRead = ({ machineInstanceName, authContext }: ReadRequest): boolean =>
  authContext.sub === machineInstanceName

export const allowWrite = ({ machineInstanceName, authContext }: WriteRequest): boolean =>
  authContext.sub === machineInstanceName
