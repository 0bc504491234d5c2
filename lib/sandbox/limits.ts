/** Default limits of a loaded workspace version (LoadOptions overrides them). */
const MiB = 1024 * 1024

export const DEFAULTS_MEMORY_BYTES = 32 * MiB

export const DEFAULTS = { deadlineMs: 50, loadDeadlineMs: 1000, memoryBytes: DEFAULTS_MEMORY_BYTES } as const
