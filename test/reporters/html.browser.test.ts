// The HTML report in a real browser (Debian's chromium driven by playwright-core): nothing from the
// target runs, nothing is fetched, failures come first and the evidence is readable.
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { renderHtml } from '../../reporters/html.ts';
import { sampleReport } from './sample.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// CI installs chromium (.ci/run); a developer without it sees this suite skipped, never passed.
const available = existsSync(CHROMIUM);
if (!available && process.env.CI)
  throw new Error(`chromium not found at ${CHROMIUM}: .ci/run must install it`);

describe.runIf(available)('the HTML report in chromium', () => {
  let browser: Browser;
  const file = join(mkdtempSync(join(tmpdir(), 'html-report-')), 'index.html');

  beforeAll(async () => {
    writeFileSync(file, renderHtml(sampleReport()));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('no script from the target runs, nothing is requested, failures come first', async () => {
    const page = await browser.newPage();
    const dialogs: string[] = [];
    const requests: string[] = [];
    page.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    await page.goto(pathToFileURL(file).href);
    await page.waitForLoadState('load');
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([]);
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('img').count()).toBe(0);
    const order = await page.locator('#requirements section').evaluateAll((els) => els.map((e) => e.id));
    expect(order).toEqual(['D-BAD', 'D-NA', 'D-OK']);
    expect(await page.locator('#verdict').textContent()).toBe('not-conformant');
    // The hostile text is shown as text.
    await expect
      .poll(() => page.locator('#D-BAD .failure').first().textContent())
      .toContain('<script>alert("x")</script>');
    await page.locator('#D-BAD details summary').first().click();
    expect(await page.locator('#D-BAD details pre').first().isVisible()).toBe(true);
    await page.close();
  });

  test('filters without script: by outcome and by level, combined', async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(file).href);
    const shown = () =>
      page
        .locator('#requirements section')
        .evaluateAll((els) =>
          els
            .filter((e) => (e as unknown as { offsetParent: unknown }).offsetParent !== null)
            .map((e) => e.id),
        );
    expect(await shown()).toEqual(['D-BAD', 'D-NA', 'D-OK']);
    await page.locator('label[for=o-broken]').click();
    expect(await shown()).toEqual(['D-BAD']);
    await page.locator('label[for=o-passed]').click();
    expect(await shown()).toEqual(['D-OK']);
    await page.locator('label[for=o-other]').click();
    expect(await shown()).toEqual(['D-NA']);
    await page.locator('label[for=o-all]').click();
    await page.locator('label[for=l-should]').click();
    expect(await shown()).toEqual(['D-NA']);
    await page.locator('label[for=l-must]').click();
    expect(await shown()).toEqual(['D-BAD', 'D-OK']);
    await page.locator('label[for=o-broken]').click();
    expect(await shown()).toEqual(['D-BAD']);
    await page.close();
  });

  // The layout at a desktop and a phone width: nothing wider than the page, the score on top, the
  // first failure above the fold. The screenshots are kept for a person to look at.
  for (const [name, width, height] of [
    ['desktop', 1280, 800],
    ['phone', 390, 844],
  ] as const) {
    test(`layout at ${width}px (${name}): no overflow, the score and the first failure above the fold`, async () => {
      const page = await browser.newPage({ viewport: { width, height } });
      await page.goto(pathToFileURL(file).href);
      const overflow = await page.evaluate<number>(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
      expect(overflow).toBeLessThanOrEqual(0);
      const score = await page.locator('#score').boundingBox();
      const failure = await page.locator('#D-BAD').boundingBox();
      expect(score && score.y + score.height).toBeLessThan(height);
      expect(failure?.y).toBeLessThan(height);
      const shot = join(dirname(file), `report-${name}.png`);
      await page.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(5_000);
      await page.close();
    });
  }
});
