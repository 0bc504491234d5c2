/**
 * The store contract's test suite, run against every implementation:
 * `describeStoreContract('sqlite', open)` in tests/unit/store/sqlite-contract.test.ts,
 * and the same call with a Postgres opener.
 */
import { describe } from 'vitest'
import { decisionContract } from './decisions'
import type { OpenStoreHarness } from './harness'
import { recordContract } from './records'
import { retentionMetricsContract } from './retention-metrics'
import { workspaceContract } from './workspaces'

export type { OpenOptions, OpenStoreHarness, StoreHarness } from './harness'

export function describeStoreContract(name: string, open: OpenStoreHarness): void {
  describe(`store contract: ${name}`, () => {
    workspaceContract(open)
    recordContract(open)
    decisionContract(open)
    retentionMetricsContract(open)
  })
}
