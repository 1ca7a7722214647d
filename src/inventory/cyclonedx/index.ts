import type { Diagnostic, Parsed } from '../../domain/diagnostics.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import type { InstalledPackage } from '../../domain/inventory.js';
import { schemeOf } from '../../domain/platform.js';
import { platformFromOsId } from '../os-release.js';
import { parseJson } from '../text.js';
import type { AdapterOutput, InventoryAdapter, ParseContext, PlatformHint } from '../types.js';
import { osPurlTypes, packageFromPurl, withPropertySource } from './packages.js';
import { parsePurl } from './purl.js';
import { CdxBom, CdxComponent } from './schema.js';

/**
 * CycloneDX 1.5/1.6 JSON SBOMs. OS packages come from components whose purl type is deb, rpm
 * or apk; the platform from an `operating-system` component (name = os-release ID, version =
 * VERSION_ID), else from the purls' `distro=` qualifier. See readme.md.
 */
export const cyclonedxAdapter: InventoryAdapter = {
  id: 'cyclonedx',
  displayName: 'CycloneDX JSON SBOM',
  urls: ['https://cyclonedx.org/docs/1.6/json/', 'https://github.com/package-url/purl-spec'],
  capabilities: { sourcePackages: true, statesPlatform: true, windows: false, scheme: null },
  sniff,
  parse,
};

function sniff(text: string): number {
  const head = text.slice(0, 4096);
  if (!head.trimStart().startsWith('{')) return 0;
  return /"bomFormat"\s*:\s*"CycloneDX"/.test(head) ? 0.99 : 0;
}

interface Found {
  readonly component: CdxComponent;
  readonly pointer: string;
}

function parse(text: string, ctx: ParseContext): Parsed<AdapterOutput> {
  const bom = CdxBom.safeParse(parseJson(text, ctx.file));
  if (!bom.success) {
    const first = bom.error.issues[0];
    throw new AppError(ErrorCode.InventoryInvalid, `not a CycloneDX BOM: ${first?.message ?? ''}`, {
      location: { file: ctx.file, pointer: first ? `/${first.path.join('/')}` : '' },
    });
  }
  const diagnostics: Diagnostic[] = [];
  const found: Found[] = [];
  const meta = bom.data.metadata?.component;
  if (meta !== undefined) collect(meta, '/metadata/component', found, diagnostics, ctx);
  for (const [i, c] of (bom.data.components ?? []).entries()) {
    collect(c, `/components/${i}`, found, diagnostics, ctx);
  }
  const platform = statedPlatform(found);
  const packages = selectPackages(found, platform, diagnostics, ctx);
  return { value: { packages, ...(platform ? { platform } : {}) }, diagnostics };
}

/** Depth-first walk over components and their nested `components`. */
function collect(
  raw: unknown,
  pointer: string,
  out: Found[],
  d: Diagnostic[],
  ctx: ParseContext,
): void {
  const r = CdxComponent.safeParse(raw);
  if (!r.success) {
    const first = r.error.issues[0];
    const at = `${pointer}${first && first.path.length ? `/${first.path.join('/')}` : ''}`;
    d.push({
      severity: 'error',
      message: `invalid component: ${first?.message ?? ''}`,
      location: { file: ctx.file, pointer: at },
    });
    return;
  }
  const stack: Found[] = [{ component: r.data, pointer }];
  while (stack.length > 0) {
    const f = stack.pop()!;
    out.push(f);
    for (const [i, child] of (f.component.components ?? []).entries()) {
      stack.push({ component: child, pointer: `${f.pointer}/components/${i}` });
    }
  }
}

function statedPlatform(found: readonly Found[]): PlatformHint | undefined {
  for (const { component: c } of found) {
    if (c.type !== 'operating-system') continue;
    const platform = platformFromOsId(c.name, c.version ?? '');
    if (platform) {
      return {
        platform,
        source: `operating-system component ${c.name} ${c.version ?? ''}`.trim(),
        inferred: false,
      };
    }
  }
  for (const { component: c } of found) {
    const distro = c.purl ? parsePurl(c.purl)?.qualifiers.get('distro') : undefined;
    const m = distro ? /^([a-z]+)-(\d[\w.]*)$/.exec(distro) : null;
    const platform = m ? platformFromOsId(m[1]!, m[2]!) : null;
    if (platform) return { platform, source: `purl distro=${distro}`, inferred: false };
  }
  return undefined;
}

/** Keeps OS packages of one scheme: the platform's, else the most common one. */
function selectPackages(
  found: readonly Found[],
  platform: PlatformHint | undefined,
  d: Diagnostic[],
  ctx: ParseContext,
): InstalledPackage[] {
  const byScheme = new Map<string, InstalledPackage[]>();
  for (const { component: c, pointer } of found) {
    const purl = c.purl ? parsePurl(c.purl) : null;
    const scheme = purl ? osPurlTypes.get(purl.type) : undefined;
    if (!purl || !scheme) continue;
    const parsed = packageFromPurl(purl);
    const props = new Map((c.properties ?? []).map((x) => [x.name, x.value ?? '']));
    const pkg =
      typeof parsed === 'string' || purl.qualifiers.has('upstream')
        ? parsed
        : withPropertySource(parsed, props);
    if (typeof pkg === 'string') {
      d.push({
        severity: 'error',
        message: pkg,
        location: { file: ctx.file, pointer: `${pointer}/purl`, record: c.name },
      });
      continue;
    }
    const list = byScheme.get(scheme) ?? [];
    list.push(pkg);
    byScheme.set(scheme, list);
  }
  let keep: string | undefined = platform ? schemeOf(platform.platform) : undefined;
  if (!keep || !byScheme.has(keep)) {
    keep = [...byScheme.entries()].sort(
      (a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1),
    )[0]?.[0];
  }
  for (const [scheme, list] of byScheme) {
    if (scheme === keep) continue;
    const message = `dropped ${list.length} ${scheme} package(s): an inventory holds one platform's packages`;
    d.push({ severity: 'warning', message, location: { file: ctx.file } });
  }
  return keep ? (byScheme.get(keep) ?? []) : [];
}
