import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CODES } from './codes.ts';

interface Section {
  code: string;
  severity: string | undefined;
  body: string;
}

// Reads docs/diagnostics.md into its `## CODE` sections, each with the `severity:` line and its explanation.
function readSections(): Section[] {
  const text = readFileSync(fileURLToPath(new URL('../../docs/diagnostics.md', import.meta.url)), 'utf8');
  const parts = text.split(/^## /m).slice(1);
  return parts.map((part) => {
    const [heading = '', ...rest] = part.split('\n');
    const body = rest.join('\n');
    const severity = /^severity:\s*(\S+)\s*$/m.exec(body)?.[1];
    return { code: heading.trim(), severity, body: body.replace(/^severity:.*$/m, '').trim() };
  });
}

describe('diagnostics catalogue', () => {
  const sections = readSections();
  const byCode = new Map(sections.map((s) => [s.code, s]));

  it.each(Object.entries(CODES).map(([code, info]) => ({ code, severity: info.severity })))(
    '$code is documented with severity $severity',
    ({ code, severity }) => {
      const section = byCode.get(code);
      expect(section, `docs/diagnostics.md has no "## ${code}" section`).toBeDefined();
      expect(section?.severity).toBe(severity);
      expect(section?.body.length, `the ${code} section has no explanation`).toBeGreaterThan(20);
    },
  );

  it('documents only codes that exist, each once', () => {
    const codes = sections.map((s) => s.code);
    expect(codes.filter((c) => !(c in CODES))).toEqual([]);
    expect(codes.filter((c, i) => codes.indexOf(c) !== i)).toEqual([]);
  });

  it('keeps codes in the AREA000 form', () => {
    expect(Object.keys(CODES).filter((c) => !/^[A-Z]+\d{3}$/.test(c))).toEqual([]);
  });
});
