import { AffectedStatus } from '../../domain/index.js';
import type { AffectedPackage } from '../../domain/index.js';
import { pointer } from '../common/document.js';
import { parsePurl } from '../common/purl.js';
import { placed } from '../common/where.js';
import { platformOfCpe } from './platform.js';
import { isModuleProduct, placementOf } from './module.js';
import type { ProductTree } from './product-tree.js';
import type { CsafProduct, CsafVulnerability } from './schema.js';

/** Status buckets read (CSAF §3.2.3.9); `under_investigation` is not a statement and is skipped. */
const statusBuckets: Readonly<Record<string, 'fixed' | 'affected' | 'not-affected'>> = {
  fixed: 'fixed',
  first_fixed: 'fixed',
  known_affected: 'affected',
  first_affected: 'affected',
  last_affected: 'affected',
  known_not_affected: 'not-affected',
};

interface RpmPackage {
  readonly name: string;
  readonly evr?: string;
  readonly arch?: string;
}

/** Counters for what could not be placed on a RHEL stream (reported once per document). */
export interface ResolveStats {
  offPlatform: number;
  unresolved: number;
}

/**
 * Turns one vulnerability's product_status into affected entries: each product id is a
 * `default_component_of` relationship joining a package product (purl / NEVRA) to a platform
 * product whose CPE names the stream. Known-affected status is refined by remediations:
 * `no_fix_planned` → will-not-fix, otherwise no-fix-yet. Each entry is `placed` at the product id
 * in `vulnerabilities/<index>/product_status` that named it.
 */
export function affectedOf(
  vuln: CsafVulnerability,
  index: number,
  tree: ProductTree,
  skip: ReadonlySet<string>,
  stats: ResolveStats,
): AffectedPackage[] {
  const wontFix = new Set<string>();
  for (const r of vuln.remediations ?? []) {
    if (r.category === 'no_fix_planned') for (const id of r.product_ids ?? []) wontFix.add(id);
  }
  const out: AffectedPackage[] = [];
  for (const [status, ids] of Object.entries(vuln.product_status ?? {})) {
    const bucket = statusBuckets[status];
    if (!bucket) continue;
    for (const [k, id] of ids.entries()) {
      if (skip.has(id)) continue;
      const at = {
        pointer: pointer(['vulnerabilities', index, 'product_status', status, k]),
        note: `product ${id}`,
      };
      const entry = resolve(id, tree, stats);
      if (!entry) continue;
      const { platform, pkg, module } = entry;
      const base = {
        kind: 'package',
        platform,
        package: pkg.name,
        packageKind: pkg.arch === 'src' ? 'source' : 'binary',
        ...(pkg.arch && pkg.arch !== 'src' ? { arch: [pkg.arch] } : {}),
        ...(module ? { module } : {}),
      } as const;
      if (bucket === 'fixed') {
        if (!pkg.evr) stats.unresolved++;
        else out.push(placed({ ...base, status: AffectedStatus.Fixed, fixed: pkg.evr }, at));
      } else if (bucket === 'not-affected') {
        out.push(placed({ ...base, status: AffectedStatus.NotAffected }, at));
      } else {
        const s = wontFix.has(id) ? AffectedStatus.WillNotFix : AffectedStatus.NoFixYet;
        out.push(placed({ ...base, status: s }, at));
      }
    }
  }
  return out;
}

function resolve(
  id: string,
  tree: ProductTree,
  stats: ResolveStats,
): { platform: string; pkg: RpmPackage; module?: string } | undefined {
  const rel = tree.relationshipById.get(id);
  const pkgProduct = rel ? tree.byId.get(rel.product_reference) : undefined;
  // A module stream listed as fixed: its packages are listed too, each under it.
  if (pkgProduct && isModuleProduct(pkgProduct)) return undefined;
  const placement = rel ? placementOf(rel, tree) : undefined;
  const platformProduct = placement ? tree.byId.get(placement.platformRef) : undefined;
  if (!rel || !pkgProduct || !platformProduct || !placement) {
    stats.unresolved++;
    return undefined;
  }
  const platform = platformOfCpe(platformProduct.product_identification_helper?.cpe);
  if (!platform) {
    stats.offPlatform++;
    return undefined;
  }
  const pkg = packageOf(pkgProduct);
  if (!pkg) {
    stats.unresolved++;
    return undefined;
  }
  return { platform, pkg, ...(placement.module ? { module: placement.module } : {}) };
}

const nevra = /^(.+)-(?:(\d+):)?([^-:]+)-([^-]+)\.([^.]+)$/;

/** Name, `[epoch:]version-release` and arch from the purl, else from a NEVRA product id. */
export function packageOf(product: CsafProduct): RpmPackage | undefined {
  const purlText = product.product_identification_helper?.purl;
  const purl = purlText ? parsePurl(purlText) : undefined;
  const fromId = nevra.exec(product.product_id);
  if (purl && purl.type === 'rpm') {
    const epoch = purl.qualifiers['epoch'] ?? (fromId?.[1] === purl.name ? fromId[2] : undefined);
    const evr = purl.version ? withEpoch(epoch, purl.version) : undefined;
    const arch = purl.qualifiers['arch'];
    return { name: purl.name, ...(evr ? { evr } : {}), ...(arch ? { arch } : {}) };
  }
  if (fromId) {
    const [, name = '', epoch, version, release, arch] = fromId;
    return { name, evr: withEpoch(epoch, `${version}-${release}`), ...(arch ? { arch } : {}) };
  }
  return undefined;
}

function withEpoch(epoch: string | undefined, vr: string): string {
  return epoch && epoch !== '0' ? `${epoch}:${vr}` : vr;
}
