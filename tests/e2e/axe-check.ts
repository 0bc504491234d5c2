import { expect, type Page } from '@playwright/test'
import type { AxeResults, RunOptions } from 'axe-core'

const AXE_SCRIPT = require.resolve('axe-core/axe.min.js')

/**
 * Runs axe-core (injected from node_modules: nothing is fetched) on the page as
 * it is now, e.g. with an editor or a dialog open, and fails on any serious or
 * critical violation, naming the rule and the nodes.
 */
export async function expectNoSeriousAxeViolations(page: Page, label: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready.then(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))))
  await page.addScriptTag({ path: AXE_SCRIPT })
  const { violations } = await page.evaluate(() => {
    const { axe } = window as unknown as { axe: { run: (context: Document, options: RunOptions) => Promise<AxeResults> } }
    return axe.run(document, { resultTypes: ['violations'] })
  })
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  const text = serious.map((v) => `[${v.impact}] ${v.id}: ${v.help}\n${v.nodes.map((n) => `  - ${n.target.join(' ')}: ${n.html.slice(0, 160)}`).join('\n')}`).join('\n')
  expect(serious, `${label}\n${text}`).toEqual([])
}
