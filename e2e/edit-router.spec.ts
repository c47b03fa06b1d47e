import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { screenshot } from './browser.ts';
import {
  editorText,
  openDashboard,
  openEditor,
  routerNameOf,
  routerOf,
  typeOver,
  waitProxyApplied,
} from './dashboard.ts';
import { setupE2E } from './fixture.ts';
import { echoOf } from './http.ts';
import { waitFor } from './processes.ts';

// Scenario 2: click a router, see its YAML with its comments, change its path prefix, save, confirm the diff:
// exactly that line of that file changes on disk, the graph follows, and the proxy routes the new path.

const e2e = setupE2E('edit-router', { browser: true });
const FILE = 'shop/routes/http.yaml';

describe('scenario 2: edit a router and apply it', () => {
  it('changes exactly the rule line on disk, updates the graph and the proxy', async () => {
    const { page, stack } = e2e;
    const before = readFileSync(join(stack.dir, FILE), 'utf8');
    const oldRouter = await routerNameOf(stack, 'status');
    await openDashboard(page, stack);

    await openEditor(page, routerOf(page, 'status'));
    const shown = await editorText(page);
    expect(shown).toContain('# Load balancers and uptime checks probe over plain HTTP');
    expect(shown).toContain('match: Host(`shop.localhost`) && PathPrefix(`/status`)');

    // Only the word inside the rule: `status\`)` occurs nowhere else in the document.
    await typeOver(page, 'status`)', 'health', 0, 'status'.length);
    await expect.poll(() => editorText(page)).toContain('PathPrefix(`/health`)');

    await page.getByRole('button', { name: 'Save' }).click();
    const review = page.getByRole('dialog', { name: 'Review changes' });
    await review.waitFor();
    // The dialog may draw deletions with a typographic minus (U+2212); read it as the unified diff's `-`.
    const diff = ((await review.textContent()) ?? '').replace(/\u2212/g, '-');
    expect(diff).toContain('-      match: Host(`shop.localhost`) && PathPrefix(`/status`)');
    expect(diff).toContain('+      match: Host(`shop.localhost`) && PathPrefix(`/health`)');
    await review.getByRole('button', { name: 'Apply' }).click();
    await review.waitFor({ state: 'hidden' });

    // On disk: one line changed, the rest of the file (comments, the other document) byte for byte the same.
    const after = await waitFor('the file on disk to change', async () => {
      const text = readFileSync(join(stack.dir, FILE), 'utf8');
      return text === before ? undefined : text;
    });
    const a = before.split('\n');
    const b = after.split('\n');
    expect(b).toHaveLength(a.length);
    const changed = b.flatMap((line, i) => (line === a[i] ? [] : [i]));
    expect(changed).toHaveLength(1);
    expect(a[changed[0] ?? 0]).toContain('PathPrefix(`/status`)');
    expect(b[changed[0] ?? 0]).toBe(a[changed[0] ?? 0]?.replace('`/status`', '`/health`'));

    // The graph: the router's name follows its rule (Traefik hashes the rule), so the old node goes away.
    const newRouter = await waitFor('the config to carry the new rule', async () => {
      const name = await routerNameOf(stack, 'status');
      return name === oldRouter ? undefined : name;
    });
    await page.locator(`[data-testid="node-router-${newRouter}"]`).waitFor({ state: 'attached' });
    expect(await page.locator(`[data-testid="node-router-${oldRouter}"]`).count()).toBe(0);

    // The proxy: the new path reaches the storefront backend, the old one falls to the HTTPS redirect.
    await stack.waitApplied();
    await waitProxyApplied(page);
    const health = await stack.web('/health');
    expect(echoOf(health)).toMatchObject({ backend: 'web', url: '/health' });
    const old = await stack.web('/status');
    expect(old.status).toBe(301);
    await screenshot(page, 'scenario-2-edit-router');
  });

  it('types spaces into the editor: graph keyboard shortcuts must not swallow them', async () => {
    const { page } = e2e;
    await page.getByRole('button', { name: 'Close' }).first().click();
    await openEditor(page, routerOf(page, 'storefront'));
    await typeOver(page, 'name: web', 'name:  web', 0, 'name: web'.length);
    // React Flow's Space pan key prevents the default of every Space keydown outside inputs and `.nokey`
    // elements, and Monaco's editing surface is neither: a user could not type a space at all.
    await expect
      .poll(() => editorText(page), {
        message: 'a Space typed in Monaco was swallowed (editor container needs class "nokey")',
      })
      .toContain('- name:  web');
  });
});
