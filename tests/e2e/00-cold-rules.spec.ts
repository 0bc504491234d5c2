import { expect, test, type Page } from '@playwright/test'

// Named to run first in the browser suite: the server has served no /rules request yet.

async function editorReady(page: Page) {
  await expect(page.getByTestId('monaco-host')).toHaveAttribute('data-editor-ready', 'true', { timeout: 15_000 })
}

test('a cold /rules load gets an interactive editor fast (measured)', async ({ page, browser }) => {
  // 1) cold server and cold browser cache; 2) a new browser context (cold cache) on the warmed server.
  const measure = async (p: Page) => {
    await p.goto('/rules')
    await editorReady(p)
    return p.evaluate(() => (window as unknown as { __rulesEditorReadyMs: number }).__rulesEditorReadyMs)
  }
  const first = await measure(page)
  await page.goto('about:blank')
  const context = await browser.newContext()
  const fresh = await context.newPage()
  const second = await measure(fresh)
  console.log(`[rules] time to interactive editor: ${first.toFixed(0)} ms on a cold server, ${second.toFixed(0)} ms with a cold browser cache (target 1500 ms)`)
  // Typing works right away.
  await fresh.locator('.monaco-editor .view-lines').first().click()
  await fresh.keyboard.type('// ok')
  await expect(fresh.getByTestId('dirty-state')).toHaveText(/1 unsaved change/)
  await context.close()
  // The target is 1.5 s on an idle machine; this bound only catches a broken loading path under CI load.
  expect(second).toBeLessThan(Number(process.env.RULES_EDITOR_BUDGET_MS ?? 10_000))
})

