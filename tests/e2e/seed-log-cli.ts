/**
 * `node --import tsx tests/e2e/seed-log-cli.ts <store file>` with decisions as JSON on
 * stdin: appends them through the real DecisionLog and exits once they are written.
 * Run as its own process by seed-log.ts (Playwright's loader cannot load the writer thread's module).
 */
import fs from 'node:fs'
import { type DecisionInput } from '../../lib/store/model/decision'
import { DecisionLog } from '../../lib/store/sqlite/decision-log'

const file = process.argv[2]
if (!file) throw new Error('usage: seed-log-cli.ts <store file> < decisions.json')
const rows = JSON.parse(fs.readFileSync(0, 'utf8')) as DecisionInput[]
const log = new DecisionLog(file)
for (const r of rows) log.append(r)
log.flush()
log.close()
