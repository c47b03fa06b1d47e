import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DryRunResult } from '../../api/types.ts';
import { ConflictDialog } from './ConflictDialog.tsx';
import { ReviewDialog } from './ReviewDialog.tsx';

afterEach(cleanup);

const review: DryRunResult = {
  dryRun: true,
  file: 'shop/api.yaml',
  diff: [
    '--- a/shop/api.yaml',
    '+++ b/shop/api.yaml',
    '@@ -1,2 +1,2 @@',
    ' spec:',
    '-  prefix: /api',
    '+  prefix: /v2',
  ].join('\n'),
  diagnostics: [
    { code: 'REF001', severity: 'error', message: 'old problem', source: { line: 1, column: 1 } },
    { code: 'REF002', severity: 'error', message: 'new problem', source: { line: 1, column: 1 } },
  ],
  impact: [
    {
      request: { method: 'GET', url: 'https://shop.localhost/api/cart', headers: {} },
      changes: ['router'],
      before: { status: 200, router: 'a@kubernetescrd' },
      after: { status: 404 },
    },
  ],
};

describe('ReviewDialog', () => {
  it('shows the diff, the impact and only the errors the change brings', () => {
    const onApply = vi.fn();
    render(
      <ReviewDialog
        review={review}
        current={[
          { code: 'REF001', severity: 'error', message: 'old problem', source: { line: 1, column: 1 } },
        ]}
        applying={false}
        onApply={onApply}
        onCancel={() => {}}
      />,
    );
    const dialog = screen.getByRole('dialog', { name: 'Review changes' });
    expect(within(dialog).getByTestId('diff').textContent).toContain('prefix: /v2');
    const impact = within(dialog).getByTestId('impact');
    expect(impact.textContent).toContain('GET https://shop.localhost/api/cart');
    expect(impact.textContent).toContain('no router · status 404');
    expect(dialog.textContent).toContain('1 new error: new problem');
    expect(dialog.textContent).not.toContain('old problem');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Apply' }));
    expect(onApply).toHaveBeenCalledOnce();
  });

  it('cancels on Escape', () => {
    const onCancel = vi.fn();
    render(<ReviewDialog review={review} applying={false} onApply={() => {}} onCancel={onCancel} />);
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    expect(onCancel).toHaveBeenCalledOnce();
  });
});

describe('ConflictDialog', () => {
  it('offers their change, reload and overwrite', () => {
    const h = { onToggle: vi.fn(), onReload: vi.fn(), onOverwrite: vi.fn(), onCancel: vi.fn() };
    const { rerender } = render(
      <ConflictDialog theirs={{ resourceVersion: 'v2', yaml: 'a: 1\n' }} showTheirs={false} {...h} />,
    );
    const dialog = screen.getByRole('dialog', { name: 'Conflict' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Show their change' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Reload' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Overwrite' }));
    expect([h.onToggle, h.onReload, h.onOverwrite].map((f) => f.mock.calls.length)).toEqual([1, 1, 1]);
    rerender(
      <ConflictDialog
        theirs={{ resourceVersion: 'v2', yaml: 'a: 1\n' }}
        showTheirs
        theirDiff={'--- yours\n+++ theirs\n@@ -1 +1 @@\n-a: 0\n+a: 1'}
        {...h}
      />,
    );
    expect(screen.getByTestId('their-change').textContent).toContain('a: 1');
  });
});
