/** A parsed package URL. */
export interface Purl {
  readonly type: string;
  readonly namespace: string;
  readonly name: string;
  readonly version: string;
  readonly qualifiers: ReadonlyMap<string, string>;
}

/**
 * Parses a package URL per the purl spec (github.com/package-url/purl-spec, PURL-SPECIFICATION):
 * `pkg:type/namespace/name@version?key=value&…#subpath`, each part percent-decoded. Returns
 * null when the string is not a purl or a part is badly encoded.
 */
export function parsePurl(text: string): Purl | null {
  if (text.slice(0, 4).toLowerCase() !== 'pkg:') return null;
  let rest = text.slice(4);
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const q = rest.indexOf('?');
  const query = q >= 0 ? rest.slice(q + 1) : '';
  if (q >= 0) rest = rest.slice(0, q);
  const at = rest.lastIndexOf('@');
  const rawVersion = at >= 0 ? rest.slice(at + 1) : '';
  if (at >= 0) rest = rest.slice(0, at);
  const parts = rest.replace(/^\/+/, '').split('/');
  const type = parts.shift()?.toLowerCase() ?? '';
  const rawName = parts.pop() ?? '';
  try {
    const name = decodeURIComponent(rawName);
    if (!type || !name) return null;
    return {
      type,
      namespace: parts.map((p) => decodeURIComponent(p)).join('/'),
      name,
      version: decodeURIComponent(rawVersion),
      qualifiers: parseQualifiers(query),
    };
  } catch {
    return null;
  }
}

function parseQualifiers(query: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!query) return out;
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    out.set(pair.slice(0, eq).toLowerCase(), decodeURIComponent(pair.slice(eq + 1)));
  }
  return out;
}
