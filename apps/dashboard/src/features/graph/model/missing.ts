import type { Diagnostic } from '../../../../../../core/index.ts';

/**
 * Why a reference does not resolve. The resolver's diagnostic wins when one names the reference; otherwise the
 * likely mistakes are spelled out: a wrong `@provider` suffix, or a name that exists in another namespace.
 */
export function missingReason(
  what: 'middleware' | 'service',
  ref: string,
  known: readonly string[],
  diagnostics: readonly Diagnostic[],
): string {
  const fromDiagnostic = missingDiagnostic(ref, diagnostics);
  if (fromDiagnostic) return `${fromDiagnostic.code}: ${fromDiagnostic.message}`;
  const hint = suggest(ref, known);
  return `no ${what} named "${ref}" in the configuration${hint ? `; ${hint}` : ''}`;
}

/** The resolver's finding about an unresolved reference, when one names it. */
export function missingDiagnostic(ref: string, diagnostics: readonly Diagnostic[]): Diagnostic | undefined {
  const [base] = ref.split('@');
  return diagnostics.find(
    (d) =>
      /^REF\d+$/.test(d.code) &&
      (d.message.includes(ref) || (base !== undefined && d.message.includes(base))),
  );
}

function suggest(ref: string, known: readonly string[]): string | undefined {
  const at = ref.indexOf('@');
  const base = at >= 0 ? ref.slice(0, at) : ref;
  const sameBase = known.find((k) => k.split('@')[0] === base);
  if (sameBase) {
    return at >= 0 ? `"${sameBase}" exists: wrong provider suffix?` : `did you mean "${sameBase}"?`;
  }
  // CRD names are `<namespace>-<name>`: the same name in another namespace hints at a namespace mistake.
  const short = base.includes('-') ? base.slice(base.indexOf('-') + 1) : base;
  const elsewhere = known.find((k) => {
    const kb = k.split('@')[0]!;
    return kb !== base && kb.endsWith(`-${short}`);
  });
  if (elsewhere) return `"${elsewhere}" exists in another namespace (cross-namespace references allowed?)`;
  return undefined;
}
