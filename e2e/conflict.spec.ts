import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { screenshot } from './browser.ts';
import { editorText, openDashboard, openEditor, routerOf, typeOver } from './dashboard.ts';
import { setupE2E } from './fixture.ts';
import { waitFor } from './processes.ts';

// Scenario 4: the resource changes on disk (another editor, a git pull) while it is being edited in the
// dashboard. Saving shows the conflict, and neither side's change is lost.

const e2e = setupE2E('conflict', { browser: true });
const FILE = 'shop/routes/admin.yaml';
const RESOURCE = '/api/v1/resources/IngressRoute/shop/admin';
const THEIR_LINE = '# Reviewed by the security team on 2026-11-20.';

describe('scenario 4: a conflicting change on disk', () => {
  it('shows the conflict on save and keeps both the draft and the file', async () => {
    const { page, stack } = e2e;
    await openDashboard(page, stack);
    await openEditor(page, routerOf(page, 'admin'));
    await typeOver(page, 'admin`)', 'backoffice', 0, 'admin'.length);
    await expect.poll(() => editorText(page)).toContain('PathPrefix(`/backoffice`)');

    // Someone else edits the same document on disk: a comment line above `apiVersion`.
    const { resourceVersion: before } = await stack.api.get<{ resourceVersion: string }>(RESOURCE);
    const path = join(stack.dir, FILE);
    const theirs = readFileSync(path, 'utf8').replace(
      'apiVersion: traefik.io/v1alpha1',
      `${THEIR_LINE}\napiVersion: traefik.io/v1alpha1`,
    );
    writeFileSync(path, theirs);
    await waitFor('the server to see the change on disk', async () => {
      const { resourceVersion } = await stack.api.get<{ resourceVersion: string }>(RESOURCE);
      return resourceVersion === before ? undefined : true;
    });

    await page.getByRole('button', { name: 'Save' }).click();
    const review = page.getByRole('dialog', { name: 'Review changes' });
    const conflict = page.getByRole('dialog', { name: 'Conflict' });
    await review.or(conflict).first().waitFor();
    if (await review.isVisible()) await review.getByRole('button', { name: 'Apply' }).click();
    await conflict.waitFor();
    for (const name of ['Show their change', 'Reload', 'Overwrite']) {
      expect(await conflict.getByRole('button', { name }).count(), name).toBe(1);
    }

    // Nothing lost: the file is theirs, the draft is still ours.
    expect(readFileSync(path, 'utf8')).toBe(theirs);
    await conflict.getByRole('button', { name: 'Show their change' }).click();
    await expect.poll(() => page.textContent('body')).toContain(THEIR_LINE);
    expect(readFileSync(path, 'utf8')).toBe(theirs);
    await screenshot(page, 'scenario-4-conflict');
    expect(await editorText(page)).toContain('PathPrefix(`/backoffice`)');
  });
});
