/** The parts of a package URL Patchline uses (github.com/package-url/purl-spec). */
export interface Purl {
  readonly type: string;
  readonly namespace?: string;
  readonly name: string;
  readonly version?: string;
  readonly qualifiers: Readonly<Record<string, string>>;
}

/** Parses `pkg:type/namespace/name@version?k=v#subpath`; undefined when malformed. */
export function parsePurl(text: string): Purl | undefined {
  const m = /^pkg:([a-zA-Z][a-zA-Z0-9.+-]*)\/([^?#]+?)(?:\?([^#]*))?(?:#.*)?$/.exec(text.trim());
  if (!m) return undefined;
  const [, type = '', path = '', query] = m;
  const at = path.lastIndexOf('@');
  const fullName = at >= 0 ? path.slice(0, at) : path;
  const rawVersion = at >= 0 ? path.slice(at + 1) : undefined;
  const segments = fullName.split('/').filter(Boolean);
  const name = decode(segments.pop() ?? '');
  if (!name) return undefined;
  const qualifiers: Record<string, string> = {};
  for (const pair of (query ?? '').split('&').filter(Boolean)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const value = decode(pair.slice(eq + 1));
    if (value !== undefined) qualifiers[pair.slice(0, eq).toLowerCase()] = value;
  }
  const version = rawVersion === undefined ? undefined : decode(rawVersion);
  const namespace = segments.length > 0 ? segments.map((s) => decode(s) ?? s).join('/') : undefined;
  return {
    type: type.toLowerCase(),
    ...(namespace ? { namespace } : {}),
    name,
    ...(version ? { version } : {}),
    qualifiers,
  };
}

function decode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}
