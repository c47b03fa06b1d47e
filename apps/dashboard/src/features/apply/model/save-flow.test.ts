import { describe, expect, it } from 'vitest';
import type { DryRunResult } from '../../../api/types.ts';
import { diffStats, parseUnifiedDiff } from './diff-lines.ts';
import { conflictDetails, INITIAL_SAVE, saveReducer } from './save-flow.ts';

const review: DryRunResult = { dryRun: true, diff: '', file: 'a.yaml', diagnostics: [], impact: [] };

describe('save flow', () => {
  it('goes editing → reviewing → applying → editing', () => {
    let s = saveReducer(INITIAL_SAVE, { type: 'review', review });
    expect(s.kind).toBe('reviewing');
    s = saveReducer(s, { type: 'apply' });
    expect(s).toEqual({ kind: 'applying', review });
    expect(saveReducer(s, { type: 'applied' })).toEqual({ kind: 'editing' });
  });

  it('does not apply without a review', () => {
    expect(saveReducer(INITIAL_SAVE, { type: 'apply' })).toBe(INITIAL_SAVE);
  });

  it('enters the conflict branch and toggles their change', () => {
    let s = saveReducer(
      { kind: 'applying', review },
      { type: 'conflict', resourceVersion: 'v2', yaml: 'x: 1\n' },
    );
    expect(s).toEqual({
      kind: 'conflict',
      theirs: { resourceVersion: 'v2', yaml: 'x: 1\n' },
      showTheirs: false,
    });
    s = saveReducer(s, { type: 'toggle-theirs' });
    expect(s.kind === 'conflict' && s.showTheirs).toBe(true);
  });

  it.each([
    {
      desc: 'full details',
      details: { resourceVersion: 'v2', yaml: 'a' },
      want: { resourceVersion: 'v2', yaml: 'a' },
    },
    {
      desc: 'secret text withheld',
      details: { resourceVersion: 'v2', yaml: null },
      want: { resourceVersion: 'v2', yaml: null },
    },
    { desc: 'no version', details: { yaml: 'a' }, want: undefined },
    { desc: 'not an object', details: 'x', want: undefined },
  ])('reads 409 details: $desc', ({ details, want }) => {
    expect(conflictDetails(details)).toEqual(want);
  });
});

describe('unified diff', () => {
  it('numbers old and new lines', () => {
    const lines = parseUnifiedDiff(
      [
        '--- a/shop.yaml',
        '+++ b/shop.yaml',
        '@@ -3,3 +3,3 @@',
        ' spec:',
        '-  prefix: /api',
        '+  prefix: /v2',
        ' x',
      ].join('\n'),
    );
    expect(lines.map((l) => [l.kind, l.oldLine, l.newLine])).toEqual([
      ['file', undefined, undefined],
      ['file', undefined, undefined],
      ['hunk', undefined, undefined],
      ['ctx', 3, 3],
      ['del', 4, undefined],
      ['add', undefined, 4],
      ['ctx', 5, 5],
    ]);
    expect(diffStats(lines)).toEqual({ added: 1, removed: 1 });
  });
});
