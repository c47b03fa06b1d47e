import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { screenshot } from './browser.ts';
import { editorText, openDashboard, openEditor, routerOf, selectInEditor, typeOver } from './dashboard.ts';
import { setupE2E } from './fixture.ts';

// Scenario 3: a YAML error and a rule syntax error are marked at the right line and column, save is refused,
// and the file on disk stays as it was.

const e2e = setupE2E('invalid-draft', { browser: true });
const FILE = 'shop/routes/storefront.yaml';
const RESOURCE = '/api/v1/resources/IngressRoute/shop/storefront';

interface Problem {
  line: number;
  column: number;
  message: string;
}

async function problems(): Promise<Problem[]> {
  const items = await e2e.page.getByTestId('editor-problems').getByRole('listitem').allTextContents();
  return items.flatMap((text) => {
    const m = /^\s*(\d+):(\d+)\s+(.*)$/s.exec(text);
    return m ? [{ line: Number(m[1]), column: Number(m[2]), message: m[3] ?? '' }] : [];
  });
}

/** Line and column (1-based) of `needle`'s first character in `text`, plus `extra` columns. */
function positionOf(text: string, needle: string, extra = 0): { line: number; column: number } {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  if (line < 0) throw new Error(`"${needle}" not in the document`);
  return { line: line + 1, column: (lines[line] ?? '').indexOf(needle) + 1 + extra };
}

describe('scenario 3: invalid drafts are refused', () => {
  it('marks a missing colon at its line and column, refuses to save, and leaves the file unchanged', async () => {
    const { page, stack } = e2e;
    const onDisk = readFileSync(join(stack.dir, FILE), 'utf8');
    const { yaml } = await stack.api.get<{ yaml: string }>(RESOURCE);
    await openDashboard(page, stack);
    await openEditor(page, routerOf(page, 'storefront'));

    // `  entryPoints:` loses its colon: YAML reads a multi-line implicit key starting on that line.
    await selectInEditor(page, 'entryPoints:', 'entryPoints'.length, 1);
    await page.keyboard.press('Delete');
    const at = positionOf(yaml, 'entryPoints:');
    await expect.poll(problems).toContainEqual(expect.objectContaining({ line: at.line, column: at.column }));
    expect(await page.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    await screenshot(page, 'scenario-3-yaml-error');

    // The server refuses the same text with the same place.
    const broken = yaml.replace('  entryPoints:', '  entryPoints');
    const { resourceVersion } = await stack.api.get<{ resourceVersion: string }>(RESOURCE);
    const put = await stack.api.call<{ error: { details: Problem[] } }>('PUT', RESOURCE, {
      yaml: broken,
      resourceVersion,
    });
    expect(put.status).toBe(422);
    expect(put.json.error.details).toContainEqual(
      expect.objectContaining({ line: at.line, column: at.column }),
    );
    expect(readFileSync(join(stack.dir, FILE), 'utf8')).toBe(onDisk);

    await page.keyboard.press('ControlOrMeta+z');
    await expect.poll(() => editorText(page)).toContain('  entryPoints:');
  });

  it('marks a rule syntax error at the offending operator, refuses to save, and leaves the file unchanged', async () => {
    const { page, stack } = e2e;
    const onDisk = readFileSync(join(stack.dir, FILE), 'utf8');
    const { yaml } = await stack.api.get<{ yaml: string }>(RESOURCE);

    // A single `&` where Traefik needs `&&`: the parser stops at the `&`, right after the Host clause.
    const host = 'Host(`shop.localhost`)';
    await typeOver(page, host, '&Path', host.length, 0);
    await expect.poll(() => editorText(page)).toContain(`match: ${host}&Path`);
    const at = positionOf(yaml, host, host.length);
    await expect.poll(problems).toContainEqual(expect.objectContaining({ line: at.line, column: at.column }));
    const found = (await problems()).find((p) => p.line === at.line && p.column === at.column);
    expect(found?.message).toContain("'&'");
    const save = page.getByRole('button', { name: 'Save' });
    expect(await save.isDisabled()).toBe(true);
    await screenshot(page, 'scenario-3-rule-error');

    const broken = yaml.replace(host, `${host}&Path`);
    const { resourceVersion } = await stack.api.get<{ resourceVersion: string }>(RESOURCE);
    const put = await stack.api.call<{ error: { details: Problem[] } }>('PUT', RESOURCE, {
      yaml: broken,
      resourceVersion,
    });
    expect(put.status).toBe(422);
    expect(put.json.error.details).toContainEqual(
      expect.objectContaining({ line: at.line, column: at.column }),
    );
    expect(readFileSync(join(stack.dir, FILE), 'utf8')).toBe(onDisk);
    // The proxy still serves the storefront from the last good config.
    expect((await stack.websecure('/')).status).toBe(200);
  });
});
