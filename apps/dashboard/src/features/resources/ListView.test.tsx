import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { configFixture, diagnosticsFixture } from '../../test/fixtures.ts';
import { buildGraph } from '../graph/model/build-graph.ts';
import { ListView } from './ListView.tsx';

afterEach(cleanup);

function renderList(state: Parameters<typeof ListView>[0]['state']) {
  const { config } = configFixture();
  const diagnostics = diagnosticsFixture().items;
  const props = {
    view: 'routers' as const,
    state,
    update: vi.fn(),
    config,
    diagnostics,
    graph: buildGraph(config, diagnostics),
    onGraph: vi.fn(),
    onEdit: vi.fn(),
  };
  render(<ListView {...props} />);
  return props;
}

describe('ListView', () => {
  it('labels status tabs with counts and keeps sorting in the URL', () => {
    const p = renderList({ view: 'routers', sort: 'priority', dir: 'asc' });
    expect(screen.getByRole('tab', { name: 'Errors (1)' })).toBeTruthy();
    const header = screen.getByRole('columnheader', { name: /Priority/ });
    expect(header.getAttribute('aria-sort')).toBe('ascending');
    fireEvent.click(within(header).getByRole('button'));
    expect(p.update).toHaveBeenCalledWith({ sort: 'priority', dir: 'desc' });
    const rows = screen.getAllByRole('row').slice(1);
    expect(within(rows[rows.length - 1]!).getByText('9223372036854775806')).toBeTruthy();
  });

  it('links rows to the graph and the editor', () => {
    const p = renderList({ view: 'routers', status: 'error' });
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows).toHaveLength(1);
    fireEvent.click(within(rows[0]!).getByRole('button', { name: 'Graph' }));
    fireEvent.click(within(rows[0]!).getByRole('button', { name: 'Edit' }));
    expect(p.onGraph).toHaveBeenCalledWith('router:shop-legacy-1a2b3c4d5e6f7a8b9c0d@kubernetescrd');
    expect(p.onEdit).toHaveBeenCalledWith('router:shop-legacy-1a2b3c4d5e6f7a8b9c0d@kubernetescrd');
  });

  it('says when filters hide every row and offers to show them all', () => {
    const p = renderList({ view: 'routers', q: 'no-such-router' });
    expect(screen.queryByRole('table')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: /^Show all \d+$/ }));
    expect(p.update).toHaveBeenCalledWith({ q: undefined, status: undefined });
  });
});
