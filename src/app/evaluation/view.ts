import { Severity } from '../../domain/advisory.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import type { IncrementalFleet } from '../../engine/incremental.js';
import { FindingOrigin, findingKey, findingOrigins } from '../../engine/origin.js';
import type { Finding } from '../../engine/types.js';
import type {
  AssetFinding,
  AssetFindingCounts,
  AssetLineage,
  AssetView,
  FleetEvaluation,
  FleetSummary,
  NotAssessedAsset,
} from './contract.js';

/** What a service holds; views read it and check the generation on every read. */
export interface ServiceState {
  readonly fleet: IncrementalFleet;
  generation: number;
  readonly metas: Map<string, AssetView>;
  readonly byName: Map<string, string>;
  /** Asset id → the engine base set it is a delta of, and back. */
  readonly baseOf: Map<string, string>;
  readonly members: Map<string, Set<string>>;
  /** Image asset id → its clones' ids. */
  readonly clones: Map<string, Set<string>>;
  /** Derived once per generation; replaced on every change. */
  memo: {
    readonly images: Map<string, ReadonlySet<string>>;
    sorted: readonly AssetView[] | null;
    summary: FleetSummary | null;
    notAssessed?: readonly NotAssessedAsset[];
  };
}

/** An asset's findings split by origin, before they are named after it. */
interface Split {
  /** The origin of every finding when the asset is no clone with an evaluated image. */
  readonly flat: typeof FindingOrigin.Host | typeof FindingOrigin.Image | null;
  readonly inherited: readonly Finding[];
  readonly introduced: readonly Finding[];
  readonly regressed: readonly Finding[];
}

const none: readonly Finding[] = Object.freeze([]);

export function createView(s: ServiceState): FleetEvaluation {
  const generation = s.generation;
  const check = () => {
    if (s.generation !== generation) {
      throw new AppError(
        ErrorCode.Conflict,
        `evaluation generation ${generation} was superseded by ${s.generation}; read the service's current() again`,
        { retryable: true },
      );
    }
  };
  const meta = (id: string): AssetView => {
    check();
    const m = s.metas.get(id);
    if (!m || !s.fleet.evaluationOf(id)) {
      throw new AppError(ErrorCode.NotFound, `asset ${id} has no evaluated inventory`, {
        location: { record: id },
      });
    }
    return m;
  };
  const sorted = (): readonly AssetView[] => {
    check();
    s.memo.sorted ??= [...s.metas.values()]
      .filter((m) => s.fleet.evaluationOf(m.id) !== undefined)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return s.memo.sorted;
  };
  const findingsOf = (id: string): readonly AssetFinding[] => {
    const m = meta(id);
    const sp = split(s, m);
    if (sp.flat) return Object.freeze(sp.introduced.map((f) => named(f, m, sp.flat!)));
    return Object.freeze([
      ...sp.inherited.map((f) => named(f, m, FindingOrigin.Inherited)),
      ...sp.introduced.map((f) => named(f, m, FindingOrigin.Introduced)),
    ]);
  };
  const regressedOf = (id: string): readonly AssetFinding[] => {
    const m = meta(id);
    return Object.freeze(split(s, m).regressed.map((f) => named(f, m, FindingOrigin.Regressed)));
  };
  const countsOf = (id: string): AssetFindingCounts => {
    const m = meta(id);
    const sp = split(s, m);
    const c = { critical: 0, high: 0, medium: 0, low: 0, none: 0 };
    for (const f of sp.inherited) c[f.severity]++;
    for (const f of sp.introduced) c[f.severity]++;
    return Object.freeze({
      asset: m.name,
      kind: m.kind,
      platform: m.platform,
      image: m.image,
      total: sp.inherited.length + sp.introduced.length,
      ...c,
      inherited: sp.inherited.length,
      introduced: sp.flat ? 0 : sp.introduced.length,
      regressed: sp.regressed.length,
    });
  };
  const lineageOf = (id: string): AssetLineage => {
    const m = meta(id);
    const sp = split(s, m);
    const origin = sp.flat ?? FindingOrigin.Introduced;
    return Object.freeze({
      imageId: sp.flat ? null : m.imageId,
      except: new Set(sp.regressed.map(findingKey)),
      own: Object.freeze(sp.introduced.map((f) => named(f, m, origin))),
    });
  };
  const notAssessed = (): readonly NotAssessedAsset[] => {
    check();
    s.memo.notAssessed ??= Object.freeze(
      sorted().flatMap((m) => {
        const a = s.fleet.assessmentOf(m.id);
        if (a?.status !== 'not-assessed') return [];
        return [Object.freeze({ asset: m.name, platform: m.platform, reason: a.reason })];
      }),
    );
    return s.memo.notAssessed;
  };
  const view: FleetEvaluation = {
    generation,
    get advisoryCount() {
      check();
      return s.fleet.advisoryCount;
    },
    *assets() {
      for (const m of sorted()) {
        check();
        yield m;
      }
    },
    asset(name) {
      check();
      const id = s.byName.get(name);
      return id === undefined || !s.fleet.evaluationOf(id) ? undefined : s.metas.get(id);
    },
    findingsOf,
    regressedOf,
    countsOf,
    lineageOf,
    assessmentOf: (id) => {
      meta(id);
      return s.fleet.assessmentOf(id)!;
    },
    notAssessed,
    *findings(opts = {}) {
      for (const m of sorted()) {
        yield* findingsOf(m.id);
        if (opts.regressed) yield* regressedOf(m.id);
      }
    },
    summary() {
      check();
      s.memo.summary ??= summarize(view, generation);
      return s.memo.summary;
    },
  };
  return Object.freeze(view);
}

function summarize(view: FleetEvaluation, generation: number): FleetSummary {
  const bySeverity = Object.fromEntries(Object.values(Severity).map((k) => [k, 0])) as Record<
    Severity,
    number
  >;
  const byOrigin = Object.fromEntries(findingOrigins.map((k) => [k, 0])) as Record<
    FindingOrigin,
    number
  >;
  let assets = 0;
  let findings = 0;
  for (const a of view.assets()) {
    const c = view.countsOf(a.id);
    assets++;
    findings += c.total;
    for (const k of Object.values(Severity)) bySeverity[k] += c[k];
    byOrigin.inherited += c.inherited;
    byOrigin.introduced += c.introduced;
    byOrigin.regressed += c.regressed;
    if (a.kind === 'image') byOrigin.image += c.total;
    else if (c.inherited + c.introduced === 0) byOrigin.host += c.total;
  }
  return Object.freeze({
    generation,
    advisoryCount: view.advisoryCount,
    assets,
    findings,
    regressed: byOrigin.regressed,
    notAssessed: view.notAssessed().length,
    bySeverity: Object.freeze(bySeverity),
    byOrigin: Object.freeze(byOrigin),
  });
}

/**
 * The finding named after the asset, keys in the engine finding's order then the asset's. Not
 * `{ ...f, … }`: over the engine's findings V8 gave every such copy a hidden class (map) of its
 * own, ~2.3 KB a finding instead of ~0.5, so a read cost a millisecond and filled the old space
 * with maps, making young-generation collections take 60–140 ms. `Object.assign` onto a fresh
 * object shares one map across copies (bench/evaluation-service.bench.ts, findings_of_one_asset).
 */
function named(f: Finding, m: AssetView, origin: FindingOrigin): AssetFinding {
  const extra = { asset: m.name, kind: m.kind, platform: m.platform, image: m.image, origin };
  return Object.freeze(Object.assign({}, f, extra));
}

/**
 * Splits an asset's findings by origin. A clone stored as a delta of its image version's set
 * takes the engine's split (exact per package); any other clone is compared with its image's
 * findings by (advisory, package), as `classifyOrigins` does.
 */
function split(s: ServiceState, m: AssetView): Split {
  const ev = s.fleet.evaluationOf(m.id)!;
  const imageEv = m.kind === 'host' && m.imageId ? s.fleet.evaluationOf(m.imageId) : undefined;
  if (!imageEv) {
    const all = ev.inherited.length === 0 ? ev.introduced : [...ev.inherited, ...ev.introduced];
    const flat = m.kind === 'image' ? FindingOrigin.Image : FindingOrigin.Host;
    return { flat, inherited: none, introduced: all, regressed: none };
  }
  if (ev.base !== null && ev.base === imageEv.base) {
    return {
      flat: null,
      inherited: ev.inherited,
      introduced: ev.introduced,
      regressed: ev.regressed,
    };
  }
  const imageFindings = [...imageEv.inherited, ...imageEv.introduced];
  let keys = s.memo.images.get(m.imageId!);
  if (!keys) s.memo.images.set(m.imageId!, (keys = new Set(imageFindings.map(findingKey))));
  const own = [...ev.inherited, ...ev.introduced];
  const onHost = new Set(own.map(findingKey));
  return {
    flat: null,
    inherited: own.filter((f) => keys.has(findingKey(f))),
    introduced: own.filter((f) => !keys.has(findingKey(f))),
    regressed: imageFindings.filter((f) => !onHost.has(findingKey(f))),
  };
}
