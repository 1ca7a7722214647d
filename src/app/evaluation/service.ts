import type { Advisory } from '../../domain/advisory.js';
import { supportNoticeInEffect } from '../security-support.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import { schemeComparator } from '../../engine/compare.js';
import {
  createIncrementalFleet,
  type AdvisoryRef,
  type ApplyResult,
  type IncrementalFleet,
} from '../../engine/incremental.js';
import type { AssetRecord, Store } from '../../store/index.js';
import type { AssetView, FleetEvaluation } from './contract.js';
import { readHosts } from './store-hosts.js';
import { createView, type ServiceState } from './view.js';

export interface OpenOptions {
  /** Evaluate only these assets (by name) and the image versions they were cloned from. */
  readonly assets?: readonly string[];
  /** Evaluate against these advisories instead of every stored one. */
  readonly advisories?: readonly Advisory[];
  /**
   * With `advisories` picked for one query: streams that count as covered when judging whether
   * a host could be assessed at all (`coveredStreams` of the store).
   */
  readonly coverage?: ReadonlySet<string>;
  /** Called as each inventory is placed during the cold start. */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * The evaluation's instant, for advisories that take effect on a date (Debian's dated
   * end-of-security-support notices, `app/security-support.ts`); without it they do not apply.
   * A long-lived service is opened again when the day changes.
   */
  readonly now?: Date;
}

/** What one change did: the new generation and the assets whose results may differ. */
export interface ChangeSummary {
  readonly generation: number;
  /**
   * Asset ids: hosts recomputed, every asset on a re-evaluated base set, clones of a changed
   * image. Listed on first read (an advisory on a common package can name most of the fleet).
   */
  readonly assets: readonly string[];
  /** One asset whose results may have changed, found without listing them all. */
  readonly first: string | undefined;
  readonly basesTouched: number;
  readonly hostsTouched: number;
}

export interface AdvisoryChanges {
  readonly put?: readonly Advisory[];
  readonly remove?: readonly AdvisoryRef[];
}

/**
 * The long-lived holder of a fleet's evaluation (docs/decisions/0007-evaluation-contract.md):
 * the HTTP server and workers keep one and tell it what changed; one-shot commands open one
 * scoped to what they show. It keeps the engine's incremental fleet (engine/incremental.ts)
 * current: a new, revised or withdrawn advisory re-evaluates only the base sets and hosts
 * holding its packages, a new inventory only that asset (an image's clones are re-derived
 * against it on read). Each change starts a new generation; `current()` is a view of one.
 */
export class EvaluationService {
  readonly #store: Store;
  readonly #state: ServiceState;

  private constructor(store: Store, state: ServiceState) {
    this.#store = store;
    this.#state = state;
  }

  /** Cold start: reads the assets, their base + delta inventories and the advisories. */
  static async open(store: Store, opts: OpenOptions = {}): Promise<EvaluationService> {
    const records =
      opts.assets === undefined ? await store.assets.list() : await scoped(store, opts.assets);
    const hosts = await readHosts(
      store,
      opts.assets === undefined ? undefined : records.map((r) => r.id),
    );
    const advisories = (opts.advisories ?? (await store.advisories.all())).filter((a) =>
      supportNoticeInEffect(a, opts.now),
    );
    const fleet = createIncrementalFleet(hosts, advisories, schemeComparator, {
      ...(opts.onProgress && { onProgress: opts.onProgress }),
      ...(opts.coverage && { coverage: opts.coverage }),
    });
    const state: ServiceState = {
      fleet,
      generation: 1,
      metas: new Map(),
      byName: new Map(),
      baseOf: new Map(),
      members: new Map(),
      clones: new Map(),
      memo: { images: new Map(), sorted: null, summary: null },
    };
    const byId = new Map(records.map((r) => [r.id, r]));
    for (const h of hosts) {
      const r = byId.get(h.asset);
      if (r) place(state, r, byId.get(r.clonedFrom ?? '')?.name ?? null);
      if ('base' in h) track(state, h.asset, h.base.id);
    }
    return new EvaluationService(store, state);
  }

  get generation(): number {
    return this.#state.generation;
  }

  /** The evaluation as of now; reading it after a later change throws CONFLICT. */
  current(): FleetEvaluation {
    return createView(this.#state);
  }

  /** Applies advisory changes held in memory (the store already has them, or never will). */
  applyAdvisories(changes: AdvisoryChanges): ChangeSummary {
    const results: ApplyResult[] = [];
    for (const a of changes.put ?? []) results.push(this.#state.fleet.putAdvisory(a));
    for (const ref of changes.remove ?? []) results.push(this.#state.fleet.removeAdvisory(ref));
    return this.#changed(results, []);
  }

  /** Re-reads these advisories from the store: each is put, or withdrawn when gone. */
  async refreshAdvisories(refs: readonly AdvisoryRef[]): Promise<ChangeSummary> {
    const put: Advisory[] = [];
    const remove: AdvisoryRef[] = [];
    for (const ref of refs) {
      const a = await this.#store.advisories.get(ref.source, ref.id);
      if (a) put.push(a);
      else remove.push(ref);
    }
    return this.applyAdvisories({ put, remove });
  }

  /**
   * Re-reads these assets and their current inventories from the store (after an import, a
   * relabel, a retirement): each is re-evaluated on its own, or dropped when it has no
   * inventory any more.
   */
  async refreshAssets(assetIds: readonly string[]): Promise<ChangeSummary> {
    const s = this.#state;
    const records = await this.#store.assets.getMany(assetIds);
    const imageIds = [...records.values()].flatMap((r) => (r.clonedFrom ? [r.clonedFrom] : []));
    const images = await this.#store.assets.getMany(imageIds.filter((id) => !s.metas.has(id)));
    const hosts = await readHosts(this.#store, assetIds);
    const seen = new Set<string>();
    for (const h of hosts) {
      const r = records.get(h.asset);
      if (!r) continue;
      seen.add(h.asset);
      s.fleet.putHost(h);
      untrack(s, h.asset);
      if ('base' in h) track(s, h.asset, h.base.id);
      const image = r.clonedFrom ? (s.metas.get(r.clonedFrom) ?? images.get(r.clonedFrom)) : null;
      place(s, r, image?.name ?? null);
    }
    for (const id of assetIds) {
      if (seen.has(id)) continue;
      s.fleet.removeHost(id);
      untrack(s, id);
      unplace(s, id);
    }
    return this.#changed([], [...assetIds]);
  }

  #changed(results: readonly ApplyResult[], assets: readonly string[]): ChangeSummary {
    const s = this.#state;
    s.generation++;
    s.memo = { images: new Map(), sorted: null, summary: null };
    const hosts = [...assets, ...results.flatMap((r) => r.hosts)];
    const bases = results.flatMap((r) => r.bases);
    let listed: readonly string[] | undefined;
    const list = (): readonly string[] => {
      const touched = new Set(hosts);
      for (const b of bases) for (const a of s.members.get(b) ?? []) touched.add(a);
      // A changed image changes how its clones split against it.
      for (const id of [...touched]) for (const c of s.clones.get(id) ?? []) touched.add(c);
      return [...touched].filter((id) => s.metas.has(id)).sort();
    };
    const onBase = bases.map((b) => s.members.get(b)?.values().next().value).find(Boolean);
    return {
      generation: s.generation,
      get assets() {
        return (listed ??= list());
      },
      first: hosts.find((id) => s.metas.has(id)) ?? onBase,
      basesTouched: results.reduce((n, r) => n + r.basesTouched, 0),
      hostsTouched: results.reduce((n, r) => n + r.hostsTouched, 0),
    };
  }
}

/** The named assets and the image versions they were cloned from. */
async function scoped(store: Store, names: readonly string[]): Promise<AssetRecord[]> {
  const named = [...(await store.assets.findManyByName(names)).values()];
  const imageIds = named.flatMap((a) => (a.clonedFrom ? [a.clonedFrom] : []));
  const images = await store.assets.getMany(imageIds);
  const out = new Map(named.map((a) => [a.id, a]));
  for (const [id, a] of images) out.set(id, a);
  return [...out.values()];
}

function place(s: ServiceState, r: AssetRecord, image: string | null): void {
  unplace(s, r.id);
  const view: AssetView = Object.freeze({
    id: r.id,
    name: r.name,
    kind: r.kind,
    platform: r.platform,
    labels: Object.freeze({ ...r.labels }),
    image: r.clonedFrom ? image : null,
    imageId: r.clonedFrom,
  });
  s.metas.set(r.id, view);
  s.byName.set(r.name, r.id);
  if (r.clonedFrom) add(s.clones, r.clonedFrom, r.id);
}

function unplace(s: ServiceState, id: string): void {
  const old = s.metas.get(id);
  if (!old) return;
  s.metas.delete(id);
  if (s.byName.get(old.name) === id) s.byName.delete(old.name);
  if (old.imageId) s.clones.get(old.imageId)?.delete(id);
}

function track(s: ServiceState, asset: string, base: string): void {
  s.baseOf.set(asset, base);
  add(s.members, base, asset);
}

function untrack(s: ServiceState, asset: string): void {
  const base = s.baseOf.get(asset);
  if (base === undefined) return;
  s.baseOf.delete(asset);
  s.members.get(base)?.delete(asset);
}

function add(m: Map<string, Set<string>>, k: string, v: string): void {
  const set = m.get(k);
  if (set) set.add(v);
  else m.set(k, new Set([v]));
}

/** NOT_FOUND for an asset the evaluation does not hold. */
export function unknownAsset(id: string): AppError {
  return new AppError(ErrorCode.NotFound, `asset ${id} has no evaluated inventory`, {
    location: { record: id },
  });
}

export type { IncrementalFleet };
