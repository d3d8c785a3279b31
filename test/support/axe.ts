import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';

const axeSource = readFileSync(join(process.cwd(), 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

export interface Violation {
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Serious and critical WCAG 2.x A/AA violations (axe-core) on the page as it is now. */
export async function violations(page: Page): Promise<Violation[]> {
  // Evaluated through the DevTools protocol, which the app's CSP (no inline script) does not govern.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<AxeResult> } })
      .axe;
    interface AxeResult {
      violations: { id: string; impact: string; help: string; nodes: { target: unknown[] }[] }[];
    }
    const r = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        rule: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.slice(0, 8).map((n) => n.target.map(String).join(' ')),
      }));
  });
}
