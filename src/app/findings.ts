export { findingOrigins, type FindingOrigin } from '../engine/origin.js';
export { FindingStatus } from '../engine/types.js';
import { severityOrder, type Advisory, type Severity } from '../domain/advisory.js';
import type { Labels } from '../domain/asset.js';
import { AppError, ErrorCode } from '../domain/errors.js';
import { FindingOrigin } from '../engine/origin.js';
import type { FindingStatus } from '../engine/types.js';
import type { Policy } from '../policy/index.js';
import type { Store } from '../store/index.js';
import { assetContexts } from './compliance.js';
import { noPolicyError } from './policy-source.js';
import { resolvePolicy } from './policy-versions/resolve.js';
import { enrichFindings, passesExploitFilter, type ExploitFilter } from './enrich-findings.js';
import { eolFindings, eolSettings, lifecycleFromStore, type EolSettings } from './eol.js';
import {
  coveredStreams,
  EvaluationService,
  feedFreshness,
  type AssetFinding,
  type AssetView,
  type FeedFreshness,
  type FleetEvaluation,
  type NotAssessedAsset,
} from './evaluation/index.js';

export { feedFreshness, type FeedFreshness };

/** One-shot evaluation of the whole stored fleet against every stored advisory. */
export async function evaluateStored(
  store: Store,
  onProgress?: (done: number, total: number) => void,
): Promise<FleetEvaluation> {
  return (await EvaluationService.open(store, onProgress ? { onProgress } : {})).current();
}

/** Fields findings sort on, as named in JSON and CSV. */
export const sortFields = [
  'asset',
  'kind',
  'platform',
  'image',
  'origin',
  'severity',
  'advisory',
  'package',
  'installed',
  'fixed',
  'status',
  'epss',
] as const;
export type SortField = (typeof sortFields)[number];

export interface SortKey {
  readonly field: SortField;
  readonly descending: boolean;
}

/**
 * Parses `field[,field]`, each optionally prefixed `-` for descending (`-severity,asset`: the
 * most severe first, then by asset). Severity ascends from `none` to `critical`.
 */
export function parseSort(text: string): SortKey[] {
  return text.split(',').map((part) => {
    const descending = part.startsWith('-');
    const name = (descending ? part.slice(1) : part).trim();
    const field = sortFields.find((f) => f === name);
    if (!field) {
      throw new AppError(
        ErrorCode.InputInvalid,
        `--sort ${text}: unknown field "${name}" (use ${sortFields.join(', ')}, - for descending)`,
        { location: { record: name } },
      );
    }
    return { field, descending };
  });
}

export interface FindingsQuery extends ExploitFilter {
  /** Only this asset (by name); only it and its image version are evaluated. */
  readonly asset?: string;
  /** Advisory id, case-insensitive; NOT_FOUND when no stored advisory has it. */
  readonly advisory?: string;
  /** CVE id, case-insensitive; NOT_FOUND when no stored advisory names it. */
  readonly cve?: string;
  readonly severity?: Severity;
  /** `not-assessed` lists no findings, only the assets that could not be judged. */
  readonly status?: FindingStatus | typeof notAssessedStatus;
  /** `regressed` lists image findings a clone has fixed, which are otherwise not listed. */
  readonly origin?: FindingOrigin;
  /** Tier from the policy's assignment: `policy`, `policyPath` or the store's active one. */
  readonly tier?: string;
  /** Every pair must match the asset's labels. */
  readonly labels?: Labels;
  /** Default: by asset, each asset's findings in evaluation order. */
  readonly sort?: readonly SortKey[];
  readonly limit?: number;
  readonly policyPath?: string;
  /** The policy already resolved (wins over `policyPath`). */
  readonly policy?: Policy;
  /** A long-lived service to read instead of evaluating from a cold start. */
  readonly service?: EvaluationService;
  /**
   * Now, from the injected clock: with it, assets on a release past its end of support get an
   * `EOL-<stream>` finding (`app/eol.ts`); without it none are raised.
   */
  readonly now?: Date;
  /** Severity and subscription coverage of end-of-life findings; defaults without a policy. */
  readonly eol?: EolSettings;
  /**
   * Read feed freshness into the report. @default true; false, for callers that do not show
   * it, leaves `freshness` empty and saves a scan of every stored advisory per call.
   */
  readonly freshness?: boolean;
}

/** The `--status` value that lists the assets no loaded advisory could judge. */
export const notAssessedStatus = 'not-assessed';

export interface FindingsReport {
  readonly findings: readonly AssetFinding[];
  /**
   * Selected assets that could not be judged (platform unknown, or no loaded feed covers it),
   * each with the reason: their lack of findings means nothing.
   */
  readonly notAssessed: readonly NotAssessedAsset[];
  /** Findings matching the filters before `limit`. */
  readonly total: number;
  readonly freshness: readonly FeedFreshness[];
  readonly advisoryCount: number;
}

/** `patchline findings`: the fleet's findings, filtered, sorted and limited. */
export async function listFindings(store: Store, q: FindingsQuery): Promise<FindingsReport> {
  if (q.asset !== undefined && !(await store.assets.findByName(q.asset))) {
    throw new AppError(ErrorCode.NotFound, `no asset named "${q.asset}"`, {
      location: { record: q.asset },
    });
  }
  const tierPolicy =
    q.tier === undefined
      ? undefined
      : (q.policy ??
        (
          await resolvePolicy(store, {
            ...(q.policyPath !== undefined && { path: q.policyPath }),
          })
        )?.policy);
  if (q.tier !== undefined && tierPolicy === undefined) throw noPolicyError();
  // End-of-life ids are raised by date, not stored advisories: no engine finding can match one.
  const eolOnly = q.advisory !== undefined && /^eol-/i.test(q.advisory);
  const matched = eolOnly ? [] : await matchedAdvisories(store, q);
  const evaluation = q.service
    ? q.service.current()
    : (
        await EvaluationService.open(store, {
          ...(q.now !== undefined && { now: q.now }),
          ...(q.asset !== undefined && { assets: [q.asset] }),
          ...(matched && {
            advisories: await withSupersedence(store, matched),
            coverage: await coveredStreams(store),
          }),
        })
      ).current();
  const ids = matched && new Set(matched.map((a) => a.id));
  const cve = q.cve?.toUpperCase();
  const keepEol = (f: AssetFinding) =>
    (q.advisory === undefined || q.advisory.toUpperCase() === f.advisory.toUpperCase()) &&
    q.cve === undefined &&
    (q.severity === undefined || f.severity === q.severity) &&
    (q.status === undefined || f.status === q.status) &&
    (q.origin === undefined || f.origin === q.origin);
  const keep = (f: AssetFinding) =>
    (ids === undefined || namedBy(f, ids)) &&
    (cve === undefined || f.cves.some((c) => c.toUpperCase() === cve)) &&
    (q.severity === undefined || f.severity === q.severity) &&
    (q.status === undefined || f.status === q.status) &&
    (q.origin === undefined || f.origin === q.origin);
  const assets = await selectAssets(store, evaluation, q, tierPolicy);
  const eol =
    q.now === undefined || q.origin === FindingOrigin.Regressed
      ? undefined
      : eolFindings(assets, await lifecycleFromStore(store), q.eol ?? eolSettings(), q.now);
  const matching: AssetFinding[] = [];
  const selected = new Set(assets.map((a) => a.name));
  // One asset: its own assessment, not the fleet's list, which is rebuilt after every change.
  const notAssessed =
    q.asset === undefined
      ? evaluation.notAssessed().filter((n) => selected.has(n.asset))
      : assets.flatMap((a) => {
          const x = evaluation.assessmentOf(a.id);
          return x.status === 'not-assessed'
            ? [Object.freeze({ asset: a.name, platform: a.platform, reason: x.reason })]
            : [];
        });
  for (const a of q.status === notAssessedStatus ? [] : assets) {
    const list =
      q.origin === FindingOrigin.Regressed
        ? evaluation.regressedOf(a.id)
        : evaluation.findingsOf(a.id);
    for (const f of list) if (keep(f)) matching.push(f);
    const ended = eol?.get(a.id);
    if (ended && keepEol(ended)) matching.push(ended);
  }
  // Enrichment is applied after evaluation, so the likelihood filters run on its result.
  const out = (await enrichFindings(store, matching)).filter((f) => passesExploitFilter(f, q));
  if (q.sort && q.sort.length > 0) out.sort(comparator(q.sort));
  return {
    findings: q.limit === undefined ? out : out.slice(0, q.limit),
    total: out.length,
    notAssessed,
    freshness: q.freshness === false ? [] : await feedFreshness(store),
    advisoryCount: evaluation.advisoryCount,
  };
}

async function selectAssets(
  store: Store,
  evaluation: FleetEvaluation,
  q: FindingsQuery,
  tierPolicy: Policy | undefined,
): Promise<AssetView[]> {
  let assets =
    q.asset === undefined
      ? [...evaluation.assets()]
      : [evaluation.asset(q.asset)].filter((a) => a !== undefined);
  if (q.labels) {
    const want = Object.entries(q.labels);
    assets = assets.filter((a) => want.every(([k, v]) => a.labels[k] === v));
  }
  if (q.tier !== undefined && tierPolicy !== undefined) {
    const tiers = assetContexts(tierPolicy, await store.assets.list());
    assets = assets.filter((a) => tiers.get(a.id)?.tier === q.tier);
  }
  return assets;
}

const severityRank = new Map<string, number>(severityOrder.map((s, i) => [s, -i]));

function comparator(keys: readonly SortKey[]): (a: AssetFinding, b: AssetFinding) => number {
  return (a, b) => {
    for (const { field, descending } of keys) {
      const d = compareField(field, a, b);
      if (d !== 0) return descending ? -d : d;
    }
    return 0;
  };
}

function compareField(field: SortField, a: AssetFinding, b: AssetFinding): number {
  if (field === 'severity') return severityRank.get(a.severity)! - severityRank.get(b.severity)!;
  if (field === 'epss') return (a.epss?.epss ?? -1) - (b.epss?.epss ?? -1);
  const x = a[field] ?? '';
  const y = b[field] ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The advisories an `--advisory` or `--cve` filter names; undefined without either. */
async function matchedAdvisories(store: Store, q: FindingsQuery): Promise<Advisory[] | undefined> {
  if (q.advisory === undefined && q.cve === undefined) return undefined;
  let out: Advisory[] | undefined;
  if (q.advisory !== undefined) out = await advisoriesById(store, q.advisory, 'advisory');
  if (q.cve !== undefined) {
    const byCve = await advisoriesByCve(store, q.cve);
    out = out === undefined ? byCve : out.filter((a) => byCve.some((b) => sameRef(a, b)));
  }
  return out;
}

const sameRef = (a: Advisory, b: Advisory) => a.source === b.source && a.id === b.id;

/** Spellings an id is stored under: as given, upper case, and GitHub's `GHSA-xxxx` form. */
function idCandidates(query: string): string[] {
  const out = new Set([query, query.toUpperCase()]);
  if (/^ghsa-/i.test(query)) out.add(`GHSA-${query.slice(5).toLowerCase()}`);
  return [...out];
}

/** Stored advisories with this id in any letter case; NOT_FOUND when none. */
async function advisoriesById(store: Store, query: string, what: string): Promise<Advisory[]> {
  const hit = await byIdSpellings(store, query);
  if (hit.length > 0) return hit;
  return scanned(store, query, false, what);
}

async function byIdSpellings(store: Store, query: string): Promise<Advisory[]> {
  for (const id of idCandidates(query)) {
    const hit = await store.advisories.byId(id);
    if (hit.length > 0) return hit;
  }
  return [];
}

/** The slow path, for a spelling no rule above knows: compares every stored id (and CVE). */
async function scanned(
  store: Store,
  query: string,
  cves: boolean,
  what: string,
): Promise<Advisory[]> {
  const lower = query.toLowerCase();
  const hit = (await store.advisories.all()).filter(
    (a) => a.id.toLowerCase() === lower || (cves && a.cves.some((c) => c.toLowerCase() === lower)),
  );
  if (hit.length > 0) return hit;
  throw new AppError(ErrorCode.NotFound, `no stored ${what} "${query}"`, {
    location: { record: query },
  });
}

async function advisoriesByCve(store: Store, query: string): Promise<Advisory[]> {
  const hit = await store.advisories.byCve(query.toUpperCase());
  if (hit.length > 0) return hit;
  throw new AppError(ErrorCode.NotFound, `no stored advisory names CVE "${query}"`, {
    location: { record: query },
  });
}

/**
 * `advisories` plus, when one has Windows (KB) entries, every advisory of its source: a KB
 * that supersedes the fixing one may come from another month's document, and evaluating
 * without it would report fixed hosts as exposed. Findings are filtered to the wanted ids.
 */
async function withSupersedence(store: Store, advisories: Advisory[]): Promise<Advisory[]> {
  const sources = new Set(
    advisories.filter((a) => a.affected.some((e) => e.kind === 'kb')).map((a) => a.source),
  );
  if (sources.size === 0) return advisories;
  const out = new Map(advisories.map((a) => [`${a.source}\u0000${a.id}`, a]));
  for (const source of sources) {
    for (const a of await store.advisories.all({ source })) out.set(`${a.source}\u0000${a.id}`, a);
  }
  return [...out.values()];
}

/** One image version's reach: the hosts cloned from it and which of them still carry it. */
export interface BlastRadius {
  readonly image: string;
  readonly clones: number;
  /** Clones that still have the finding (inherited). */
  readonly exposedClones: readonly string[];
  /** Clones that fixed it themselves: the image would bring it back on the next clone. */
  readonly fixedClones: readonly string[];
}

export interface ExposedAsset {
  readonly asset: string;
  readonly kind: string;
  readonly platform: string | null;
  readonly image: string | null;
  readonly packages: readonly string[];
  /** The asset's origin for these advisories: `inherited` when any finding is. */
  readonly origin: FindingOrigin;
  /** Every origin among its findings of these advisories. */
  readonly origins: readonly FindingOrigin[];
}

export interface Exposure {
  readonly query: string;
  readonly advisories: readonly string[];
  readonly assets: readonly ExposedAsset[];
  readonly images: readonly BlastRadius[];
}

export interface ExposureQuery {
  /** Advisory id or CVE id, in any letter case. */
  readonly query: string;
  readonly service?: EvaluationService;
}

const originRank: readonly FindingOrigin[] = ['inherited', 'introduced', 'host', 'image'];

/**
 * `patchline exposure`: which assets an advisory (by id) or CVE reaches, and for each image
 * version it hits, its blast radius through lineage. NOT_FOUND when no stored advisory
 * matches. A one-shot run evaluates against the matching advisories only.
 */
export async function exposure(store: Store, q: ExposureQuery | string): Promise<Exposure> {
  const { query, service } = typeof q === 'string' ? { query: q, service: undefined } : q;
  let advisories = await byIdSpellings(store, query);
  if (advisories.length === 0) advisories = await store.advisories.byCve(query.toUpperCase());
  if (advisories.length === 0) advisories = await scanned(store, query, true, 'advisory or CVE');
  const ids = new Set(advisories.map((a) => a.id));
  const evaluation = service
    ? service.current()
    : (
        await EvaluationService.open(store, {
          advisories: await withSupersedence(store, advisories),
        })
      ).current();
  const hits = new Map<string, { view: AssetView; findings: AssetFinding[]; fixed: boolean }>();
  for (const view of evaluation.assets()) {
    const findings = evaluation.findingsOf(view.id).filter((f) => namedBy(f, ids));
    const fixed = evaluation.regressedOf(view.id).some((f) => namedBy(f, ids));
    if (findings.length > 0 || fixed) hits.set(view.id, { view, findings, fixed });
  }
  const exposed = [...hits.values()].filter((h) => h.findings.length > 0);
  const images = exposed
    .filter((h) => h.view.kind === 'image')
    .map(({ view: img }): BlastRadius => {
      const clones = [...evaluation.assets()].filter((a) => a.imageId === img.id);
      const exposedClones = clones.filter((c) =>
        hits.get(c.id)?.findings.some((f) => f.origin === 'inherited'),
      );
      const fixedClones = clones.filter((c) => {
        const h = hits.get(c.id);
        return h !== undefined && h.fixed && h.findings.length === 0;
      });
      return {
        image: img.name,
        clones: clones.length,
        exposedClones: exposedClones.map((c) => c.name),
        fixedClones: fixedClones.map((c) => c.name),
      };
    });
  return {
    query,
    advisories: [...ids],
    assets: exposed.map(({ view, findings }) => {
      const origins = originRank.filter((o) => findings.some((f) => f.origin === o));
      return {
        asset: view.name,
        kind: view.kind,
        platform: view.platform,
        image: view.image,
        packages: [...new Set(findings.map((f) => f.package))],
        origin: origins[0]!,
        origins,
      };
    }),
    images,
  };
}

/** Whether one of `ids` reports the finding: its primary advisory or another feed's. */
function namedBy(f: AssetFinding, ids: ReadonlySet<string>): boolean {
  // An advisory that says the package is clear names nothing on this finding.
  return (
    ids.has(f.advisory) ||
    (f.advisories?.some(
      (a) => ids.has(a.id) && a.status !== 'fixed' && a.status !== 'not-affected',
    ) ??
      false)
  );
}
