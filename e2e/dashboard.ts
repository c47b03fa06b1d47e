// Page helpers written against the dashboard's DOM contract (docs/contracts.md): roles, names and test ids only,
// never class names of our own components. Monaco's own DOM (.view-lines) is the exception, as the editor
// exposes no other way to read its text from outside.
import type { Locator, Page } from 'playwright-core';
import type { RuntimeConfig } from '../core/index.ts';
import type { Stack } from './harness.ts';

/** Opens the dashboard and waits until it shows a config version and the proxy applied it. */
export async function openDashboard(page: Page, stack: Stack): Promise<void> {
  await page.goto(`${stack.apiUrl}/`);
  await page.getByTestId('config-version').waitFor();
  await waitProxyApplied(page);
}

/** Waits for the header to say the proxy serves the current config. */
export async function waitProxyApplied(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const el = (
        globalThis as unknown as {
          document: { querySelector(s: string): { textContent: string | null } | null };
        }
      ).document.querySelector('[data-testid="proxy-state"]');
      return el?.textContent?.trim().startsWith('applied') ?? false;
    },
    undefined,
    { timeout: 30_000 },
  );
}

/** Graph node kinds of the contract and their test-id prefix. */
export type NodeKind = 'EntryPoint' | 'Router' | 'Middleware' | 'Service' | 'Server';

/** The focusable element of a graph node, by its Traefik qualified name. */
export function graphNode(page: Page, kind: NodeKind, name: string): Locator {
  return page.locator(`[data-testid="node-${kind.toLowerCase()}-${name}"]`);
}

/** The router node of an example IngressRoute (`shop-<name>-<hash>@kubernetescrd`); the hash follows the rule. */
export function routerOf(page: Page, ingressRoute: string): Locator {
  return page.locator(`[data-testid^="node-router-shop-${ingressRoute}-"]`);
}

/** The qualified name of the router an IngressRoute produced, from the server's config. */
export async function routerNameOf(stack: Stack, ingressRoute: string): Promise<string> {
  const { config } = await stack.api.get<{ config: RuntimeConfig }>('/api/v1/config');
  const names = Object.keys(config.http?.routers ?? {}).filter((n) => n.startsWith(`shop-${ingressRoute}-`));
  if (names.length !== 1)
    throw new Error(`expected one router for IngressRoute ${ingressRoute}, got ${names.join(', ')}`);
  return names[0] as string;
}

/** The side panel that a node opens. */
export function detailsPanel(page: Page): Locator {
  return page.getByRole('complementary', { name: 'Details' });
}

/** Clicks a node, then the panel's Edit button, and waits for Monaco to show the resource. */
export async function openEditor(page: Page, node: Locator): Promise<Locator> {
  await node.click();
  await detailsPanel(page).getByRole('button', { name: 'Edit' }).click();
  const editor = page.getByTestId('yaml-editor');
  await editor.locator('.view-lines').waitFor();
  return editor;
}

type LineEl = { textContent: string | null; style: { top: string } };
type RootEl = { querySelectorAll(selector: string): ArrayLike<LineEl> };

/**
 * The text Monaco shows, read from its rendered lines in top-to-bottom order. Monaco renders only the lines in
 * view, so this is the whole text only when the document fits the editor, as the examples' documents do.
 */
export async function editorText(page: Page): Promise<string> {
  return page.getByTestId('yaml-editor').evaluate((root: unknown) => {
    const lines = Array.from((root as RootEl).querySelectorAll('.view-lines .view-line'));
    lines.sort((a, b) => Number.parseFloat(a.style.top) - Number.parseFloat(b.style.top));
    return lines.map((l) => (l.textContent ?? '').replace(/\u00a0/g, ' ')).join('\n');
  });
}

/**
 * Selects text in the editor with the keyboard only: Ctrl+Home, then the arrow keys down to the line and right to
 * the column of the first occurrence of `search` (found in the text the editor shows), then Shift+Right over
 * `length` characters from `offset` inside it. Typing next replaces the selection, as a user's typing would.
 */
export async function selectInEditor(
  page: Page,
  search: string,
  offset = 0,
  length = search.length,
): Promise<void> {
  const text = await editorText(page);
  const index = text.indexOf(search);
  if (index < 0) throw new Error(`"${search}" is not in the editor:\n${text}`);
  const before = text.slice(0, index + offset);
  const line = before.split('\n').length - 1;
  const column = before.length - (before.lastIndexOf('\n') + 1);
  await page.getByTestId('yaml-editor').locator('.view-lines').click();
  await page.keyboard.press('ControlOrMeta+Home');
  for (let i = 0; i < line; i++) await page.keyboard.press('ArrowDown');
  for (let i = 0; i < column; i++) await page.keyboard.press('ArrowRight');
  for (let i = 0; i < length; i++) await page.keyboard.press('Shift+ArrowRight');
}

/** Replaces the first occurrence of `search` (or a part of it, see selectInEditor) by typing `text`. */
export async function typeOver(
  page: Page,
  search: string,
  text: string,
  offset = 0,
  length = search.length,
): Promise<void> {
  await selectInEditor(page, search, offset, length);
  await page.keyboard.type(text);
}

/** Fills a labelled form field, whether it is an input, a textarea or a select. */
export async function setField(page: Page, label: string, value: string): Promise<void> {
  const field = page.getByLabel(label, { exact: true });
  const tag = await field.evaluate((el: unknown) => (el as { tagName: string }).tagName.toLowerCase());
  if (tag === 'select') await field.selectOption(value);
  else await field.fill(value);
}
