/**
 * Every reason string FluxStack Live 0.11 sends after `AUTH_DENIED: ` (see
 * shared/spec/live-protocol.md), as functions so the wording lives in one place.
 * Lists are joined with ', ' exactly as the library does.
 */

const list = (items: readonly string[]): string => items.join(', ')

// ---- mount (LiveAuthManager.authorizeComponent) ----
export const authenticationRequired = (): string => 'Authentication required'
export const authenticationRequiredRoles = (roles: readonly string[]): string =>
  `Authentication required. Roles needed: ${list(roles)}`
export const insufficientRoles = (roles: readonly string[]): string =>
  `Insufficient roles. Required one of: ${list(roles)}`
export const authenticationRequiredPermissions = (permissions: readonly string[]): string =>
  `Authentication required. Permissions needed: ${list(permissions)}`
export const insufficientPermissions = (permissions: readonly string[]): string =>
  `Insufficient permissions. Required all: ${list(permissions)}`
export const deniedByCustomAuthorize = (): string => 'Denied by custom authorize'
export const authorizationError = (message: string): string => `Authorization error: ${message}`

// ---- action (LiveAuthManager.authorizeAction + ActionSecurityManager) ----
export const actionAuthenticationRequired = (action: string): string =>
  `Authentication required for action '${action}'`
export const actionInsufficientRoles = (action: string, roles: readonly string[]): string =>
  `Insufficient roles for action '${action}'. Required one of: ${list(roles)}`
export const actionInsufficientPermissions = (action: string, permissions: readonly string[]): string =>
  `Insufficient permissions for action '${action}'. Required all: ${list(permissions)}`
export const actionDeniedByCustomAuthorize = (action: string): string =>
  `Action '${action}' denied by custom authorize`
export const actionAuthorizationError = (action: string, message: string): string =>
  `Action '${action}' authorization error: ${message}`
export const actionDeniedByProvider = (action: string, provider: string): string =>
  `Action '${action}' denied by auth provider '${provider}'`
export const actionNotCallable = (action: string): string => `Action '${action}' is not callable`
export const actionNoPublicActions = (action: string): string =>
  `Action '${action}' is not callable - component has no publicActions defined`
export const actionNotListed = (action: string, component: string): string =>
  `Action '${action}' exists on '${component}' but is not listed in publicActions. ` +
  `Add it to: static publicActions = [..., '${action}']`
export const actionNotFound = (action: string): string => `Action '${action}' not found on component`

// ---- rooms (LiveAuthManager.authorizeRoom + LiveServer ROOM_JOIN) ----
export const roomDeniedByProvider = (roomId: string, provider: string): string =>
  `Access to room '${roomId}' denied by auth provider '${provider}'`
/** The server's fallback when a room denial carries no reason. */
export const roomAccessDenied = (): string => 'Room access denied'
export const roomAuthorizationError = (message: string): string => `Room authorization error: ${message}`

// ---- PROPERTY_UPDATE (ComponentRegistry.updateProperty, fluxstack-live@d8538f75 ComponentRegistry.ts:757-793) ----
export const propertyReservedKey = (property: string): string =>
  `PROPERTY_UPDATE rejected: '${property}' is a reserved key`
export const propertyServerOnly = (property: string): string =>
  `PROPERTY_UPDATE rejected: '${property}' is server-only ($-prefixed fields cannot be written by the client). Use a server action to mutate it.`
export const propertyNotUpdatable = (property: string, component: string, allowed: readonly string[]): string =>
  `PROPERTY_UPDATE rejected: '${property}' is not an updatable field of '${component}'. Allowed: [${list(allowed)}]. ` +
  "Declare it in 'static defaultState' or 'static updatableFields' to allow client writes."
