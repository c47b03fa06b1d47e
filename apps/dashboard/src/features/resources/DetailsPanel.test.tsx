import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { configFixture, diagnosticsFixture } from '../../test/fixtures.ts';
import { buildGraph } from '../graph/model/build-graph.ts';
import { indexRoutersByNode } from '../graph/model/highlight.ts';
import { DetailsPanel } from './DetailsPanel.tsx';
import { summarize } from './model/element-summary.ts';

afterEach(cleanup);

function renderPanel(id: string) {
  const { config } = configFixture();
  const graph = buildGraph(config, diagnosticsFixture().items);
  const node = graph.nodes.find((n) => n.id === id)!;
  const usedBy = indexRoutersByNode(graph).get(id) ?? [];
  const handlers = {
    onClose: vi.fn(),
    onEdit: vi.fn(),
    onOpen: vi.fn(),
    onCreateMissing: vi.fn(),
    onOpenPlace: vi.fn(),
  };
  render(
    <DetailsPanel
      data={node.data}
      summary={summarize(
        config,
        node.data,
        usedBy.filter((r) => r !== id),
      )}
      {...handlers}
    />,
  );
  return handlers;
}

describe('DetailsPanel', () => {
  it('shows the rule split into clauses, the exact int64 priority and the source', () => {
    renderPanel('router:shop-admin-9e8d7c6b5a4f3e2d1c0b@kubernetescrd');
    const panel = screen.getByRole('complementary', { name: 'Details' });
    const clauses = within(within(panel).getByRole('region', { name: 'Rule' })).getAllByRole('listitem');
    expect(clauses.map((c) => c.textContent)).toEqual([
      'Host(`shop.localhost`)',
      '&&PathPrefix(`/admin`)',
      '&&(ClientIP(`10.0.0.0/8`) || Header(`X-Admin`, `yes`))',
    ]);
    expect(panel.textContent).toContain('9223372036854775806');
    expect(panel.textContent).toContain('shop/admin.yaml:9');
  });

  it('has Edit and Close, and Escape closes', () => {
    const h = renderPanel('router:shop-storefront-3f9c1e7a2b4d5e6f7a8b@kubernetescrd');
    fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
    expect(h.onEdit).toHaveBeenCalledOnce();
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(h.onClose).toHaveBeenCalledTimes(2);
  });

  it('says why a missing middleware is missing and who uses it', () => {
    const h = renderPanel('middleware:missing:shop-add-foo@kubernetescrd');
    expect(screen.getByRole('alert').textContent).toContain('REF001');
    expect(screen.getByRole('button', { name: 'Edit' })).toHaveProperty('disabled', true);
    fireEvent.click(screen.getByRole('button', { name: 'shop-legacy-1a2b3c4d5e6f7a8b9c0d@kubernetescrd' }));
    expect(h.onOpen).toHaveBeenCalledWith('router:shop-legacy-1a2b3c4d5e6f7a8b9c0d@kubernetescrd');
  });

  it('lists each problem of a router once, with its code, a place that opens the editor and a copy button', () => {
    const h = renderPanel('router:shop-legacy-1a2b3c4d5e6f7a8b9c0d@kubernetescrd');
    const items = within(screen.getByRole('list', { name: 'Problems' })).getAllByRole('listitem');
    const texts = items.map((i) => i.textContent ?? '');
    expect(texts.filter((t) => t.includes('shop-add-foo'))).toHaveLength(1);
    const ref = items.find((i) => i.textContent?.includes('REF001'))!;
    const place = within(ref).getByRole('button', { name: /:\d+:\d+$/ });
    within(ref).getByRole('button', { name: 'Copy problem' });
    fireEvent.click(place);
    expect(h.onOpenPlace).toHaveBeenCalledWith(expect.objectContaining({ code: 'REF001' }));
  });
});
