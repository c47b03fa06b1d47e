import { formatPath } from '../resources/index.ts';
import type { FieldPath, KubeObject, ParsedResource } from '../resources/types.ts';

/**
 * Wraps plain objects as parsed resources without YAML (for tests and programmatic callers): every field locates at
 * its document's line 1, column 1, in `file`, document `i`.
 *
 * @example
 * resolve(fromObjects([{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: {} }]));
 */
export function fromObjects(objects: readonly KubeObject[], file = 'objects.yaml'): ParsedResource[] {
  return objects.map((object, docIndex) => ({
    object,
    file,
    docIndex,
    line: 1,
    column: 1,
    text: '',
    range: [0, 0] as [number, number],
    locate: (path: FieldPath) => ({ file, line: 1, column: 1, path: formatPath(path) }),
  }));
}
