import { describe, expect, it } from 'vitest';
import { configFixture, diagnosticsFixture } from '../../../test/fixtures.ts';
import { buildGraph } from '../../graph/model/build-graph.ts';
import { buildTable, compareCells, selectRows, statusCounts, viewCounts } from './tables.ts';

const setup = () => {
  const { config } = configFixture();
  const diagnostics = diagnosticsFixture().items;
  return { config, diagnostics, graph: buildGraph(config, diagnostics) };
};

describe('tables', () => {
  it('sorts int64 priorities exactly, as numbers', () => {
    expect(compareCells('9223372036854775806', '9223372036854775807', true)).toBe(-1);
    expect(compareCells('44', '9223372036854775806', true)).toBe(-1);
    expect(compareCells('100', '22', true)).toBe(1);
    const { config, diagnostics, graph } = setup();
    const table = buildTable('routers', config, diagnostics, graph);
    const rows = selectRows(table, { sort: 'priority', dir: 'desc' });
    expect(rows[0]!.cells.priority).toBe('9223372036854775806');
  });

  it('puts problems first by default and shows the first reason', () => {
    const { config, diagnostics, graph } = setup();
    const rows = selectRows(buildTable('routers', config, diagnostics, graph), {});
    expect(rows.map((r) => r.status).slice(0, 2)).toEqual(['error', 'warning']);
    expect(rows[0]!.error).toContain('shop-add-foo');
  });

  it('filters by status and text; counts match the rows', () => {
    const { config, diagnostics, graph } = setup();
    const table = buildTable('routers', config, diagnostics, graph);
    expect(statusCounts(table)).toEqual({ all: 5, error: 1, warning: 1, ok: 3 });
    expect(selectRows(table, { status: 'ok', q: 'admin' }).map((r) => r.cells.name)).toEqual([
      'shop-admin-9e8d7c6b5a4f3e2d1c0b@kubernetescrd',
    ]);
    const counts = viewCounts(config, diagnostics, graph);
    expect(counts.routers).toEqual({ total: 5, errors: 1 });
    expect(counts.diagnostics).toEqual({ total: 2, errors: 1 });
  });

  it('counts routers per entrypoint and users per middleware', () => {
    const { config, diagnostics, graph } = setup();
    const eps = buildTable('entrypoints', config, diagnostics, graph).rows;
    expect(Object.fromEntries(eps.map((r) => [r.cells.name, r.cells.routers]))).toEqual({
      web: '1',
      websecure: '4',
    });
    const mws = buildTable('middlewares', config, diagnostics, graph).rows;
    expect(mws.find((r) => r.cells.name === 'shop-security-headers@kubernetescrd')!.cells.usedBy).toBe('2');
  });

  it('reads certificate expiry and names from the PEM', () => {
    const { config, diagnostics, graph } = setup();
    const now = Date.UTC(2027, 0, 1);
    const [row] = buildTable('tls', config, diagnostics, graph, now).rows;
    expect(row!.cells.domains).toContain('shop.localhost');
    expect(row!.cells.expiry).toMatch(/^\d{4}-\d\d-\d\d \(in \d+ days\)$/);
    const late = buildTable('tls', config, diagnostics, graph, Date.UTC(2040, 0, 1)).rows[0]!;
    expect(late.status).toBe('error');
    expect(late.cells.expiry).toContain('expired');
  });

  it('links a diagnostic row to the element it is about', () => {
    const { config, diagnostics, graph } = setup();
    const rows = buildTable('diagnostics', config, diagnostics, graph).rows;
    expect(rows[0]!.id).toBe('router:shop-legacy-1a2b3c4d5e6f7a8b9c0d@kubernetescrd');
    expect(rows[0]!.cells.location).toBe('shop/legacy.yaml:14:17');
  });
});
