/**
 * Traefik v3's entrypoint `http.sanitizePath` (on unless set to false): before routing, the request path is
 * replaced by Go's `URL.JoinPath()` of itself, i.e. `path.Clean` of the escaped path, keeping one trailing slash.
 * `.` and `..` segments and duplicate slashes go; encoded slashes (`%2F`) are not separators and stay.
 *
 * @example
 * sanitizePath('/./foo/../bar//'); // '/bar/'
 */
export function sanitizePath(rawPath: string): string {
  if (!rawPath.startsWith('/')) return rawPath;
  const out: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  const cleaned = `/${out.join('/')}`;
  return rawPath.endsWith('/') && !cleaned.endsWith('/') ? `${cleaned}/` : cleaned;
}

/** `sanitizePath` applied to the path of an absolute request URL; the query and fragment are kept. */
export function sanitizeUrlPath(url: string): string {
  const scheme = url.indexOf('://');
  const pathStart = scheme < 0 ? 0 : url.indexOf('/', scheme + 3);
  if (pathStart < 0) return url;
  let end = url.length;
  for (const stop of ['?', '#']) {
    const i = url.indexOf(stop, pathStart);
    if (i >= 0 && i < end) end = i;
  }
  const raw = url.slice(pathStart, end);
  const clean = sanitizePath(raw);
  return clean === raw ? url : url.slice(0, pathStart) + clean + url.slice(end);
}
