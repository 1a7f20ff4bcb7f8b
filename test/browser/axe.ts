// axe-core run inside a page (WCAG A/AA, best practices, experimental rules): the serious and critical violations,
// optionally limited to one element (a popover or a dialog).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot } from './web-build.ts';

const AXE = readFileSync(path.join(repoRoot, 'node_modules/axe-core/axe.min.js'), 'utf8');

type Violation = { id: string; impact: string; help: string; nodes: Array<{ target: string[]; html: string }> };

/** Serious or critical violations in `selector` (default: the whole document), one line each. */
export async function seriousViolations(page: Page, selector?: string): Promise<string[]> {
  // page.evaluate is not subject to the page's CSP (script-src 'self'), an injected <script> would be
  await page.evaluate(AXE);
  const context = selector ? JSON.stringify(selector) : 'document';
  const violations = (await page.evaluate(`axe.run(${context}, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice', 'experimental'] },
      resultTypes: ['violations'],
    }).then((r) => r.violations)`)) as Violation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ') + ' ' + n.html.slice(0, 120)).join(' | ')}`);
}
