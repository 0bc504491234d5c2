import { testsPostRequestSchema, testsPutRequestSchema } from '@/lib/api/workspace'
import { getRuntime } from '@/lib/server/registry'
import { errorResponse } from '@/lib/server/token-service'
import { addTest, expectWorkspace, readBody, runStoredTests, storeTests } from '@/lib/server/workspace-service'

export const dynamic = 'force-dynamic'

/** Runs the stored rule tests on the current version. */
export async function GET() {
  try {
    return Response.json(await runStoredTests(getRuntime(), Date.now()), { headers: { 'cache-control': 'no-store' } })
  } catch (error) {
    return errorResponse(error)
  }
}

/** Replaces the stored rule tests, then runs them. */
export async function PUT(request: Request) {
  try {
    const { tests, workspaceId } = await readBody(request, testsPutRequestSchema)
    expectWorkspace(getRuntime(), workspaceId)
    return Response.json(await storeTests(getRuntime(), tests, Date.now()), { headers: { 'cache-control': 'no-store' } })
  } catch (error) {
    return errorResponse(error)
  }
}

/** Adds one rule test (from a trace: "save as test"), then runs them all; 201 with the id it was stored under. */
export async function POST(request: Request) {
  try {
    const { test, workspaceId } = await readBody(request, testsPostRequestSchema)
    expectWorkspace(getRuntime(), workspaceId)
    return Response.json(await addTest(getRuntime(), test, Date.now()), { status: 201, headers: { 'cache-control': 'no-store' } })
  } catch (error) {
    return errorResponse(error)
  }
}
