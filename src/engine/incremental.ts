import type { Advisory } from '../domain/advisory.js';
import type { InstalledPackage, Inventory } from '../domain/inventory.js';
import { assess, type Assessment } from './assessment.js';
import { createEvaluator, type Compare, type Evaluator } from './evaluate.js';
import { packageIdentity, type BaseSet, type DeltaHost, type HostEvaluation } from './fleet.js';
import { buildMatchIndex } from './match-index.js';
import { findingKey } from './origin.js';
import { coverageKeys, streamOf, streamOfText, windowsBuildStream } from './stream.js';
import type { Finding } from './types.js';
import type { SchemeId } from '../domain/platform.js';

/** Live per-host results, kept current as advisories arrive, change and go. */
export interface HostState {
  readonly host: DeltaHost;
  /** The base set's own array while the host removed nothing from it; else the host's copy. */
  inherited: Finding[];
  readonly introduced: Finding[];
  readonly regressed: Finding[];
  /** Identities of the base packages the host removed. */
  readonly removedIds: ReadonlySet<string>;
}

/** What one advisory change did to the fleet's results. */
export interface ApplyResult {
  /** Base sets re-evaluated: they hold a package the old or the new version names. */
  readonly basesTouched: number;
  /**
   * Hosts whose own lists were recomputed: drifted clones of a base set whose findings changed,
   * and hosts whose delta holds a named package. Clones sharing their base's array are not.
   */
  readonly hostsTouched: number;
  /** Base-set findings (once, however many clones share them) plus hosts' own findings. */
  readonly newFindings: number;
  /** Counted like `newFindings`. */
  readonly removedFindings: number;
  /** Ids of the base sets re-evaluated: every clone sharing one may have changed. */
  readonly bases: readonly string[];
  /** Hosts recomputed (or, for whole-inventory hosts, due for re-evaluation on read). */
  readonly hosts: readonly string[];
}

/**
 * A host evaluated from its whole inventory: Windows (KB supersedence spans the whole update
 * history) and hosts with a running kernel (the kernel rule reads every installed kernel).
 */
export interface WholeHost {
  readonly asset: string;
  readonly inventory: Inventory;
}

/** Names an advisory: ids are unique per source only, as in the store. */
export type AdvisoryRef = Pick<Advisory, 'source' | 'id'>;

/**
 * A fleet whose results stay current as advisories are added, revised and withdrawn. A change
 * re-evaluates only the base sets and host deltas holding a package named by the old or the new
 * version (found through name indexes) and edits the result arrays in place. Clones that removed
 * nothing share their base set's array, so one edit reaches thousands of them.
 *
 * An advisory is identified by (source, id): a revised OSV record must not replace a Debian
 * tracker advisory that carries the same CVE id. The evaluator merges the advisories of one
 * package that share an id or a CVE into one finding named by one of them (consolidate.ts), so a
 * change re-derives the findings of every current advisory linked to the old or new version
 * through ids and CVEs on the streams it concerns.
 */
export interface IncrementalFleet {
  /** Hosts in base + delta form; whole-inventory hosts are read through `evaluationOf`. */
  readonly hosts: ReadonlyMap<string, HostState>;
  /** Adds the advisory, or replaces the current one with the same source and id. */
  putAdvisory(advisory: Advisory): ApplyResult;
  /** Same as `putAdvisory`. */
  addAdvisory(advisory: Advisory): ApplyResult;
  /** Withdraws an advisory; an unknown one changes nothing. */
  removeAdvisory(ref: AdvisoryRef): ApplyResult;
  /**
   * Adds a host, or replaces the one with the same asset (a new inventory). Only that host is
   * evaluated, plus its base set when no other host holds it yet.
   */
  putHost(host: DeltaHost | WholeHost): void;
  /** Forgets a host; false when unknown. A base set no host holds any more is dropped. */
  removeHost(asset: string): boolean;
  /**
   * Whether a host could be judged: its platform is known and some current advisory has an
   * entry for its stream. Undefined for an unknown host.
   */
  assessmentOf(asset: string): Assessment | undefined;
  /** One host's current findings split by origin against its base set. */
  evaluationOf(asset: string): HostEvaluation | undefined;
  /** Every host, delta and whole. */
  assets(): IterableIterator<string>;
  /** The advisories in force, in no particular order. */
  advisories(): IterableIterator<Advisory>;
  readonly advisoryCount: number;
}

interface BaseState {
  readonly set: BaseSet;
  /** The platform stream advisories are matched on (`streamOf`). */
  readonly stream: string;
  /** Shared by reference with the clones that removed nothing: edit in place only. */
  readonly findings: Finding[];
  readonly byName: Map<string, InstalledPackage[]>;
  /** Advisory id → the base packages it affects, with their findings (objects of `findings`). */
  readonly byAdvisory: Map<string, PackageFindings[]>;
  readonly drifted: Set<HostState>;
  /** Base package identity → the drifted hosts that removed it. */
  readonly removedBy: Map<string, Set<HostState>>;
  /** Hosts on this base, drifted or not; the base is dropped when none is left. */
  members: number;
}

interface WholeState {
  readonly host: WholeHost;
  /** Package and source names the inventory holds, to see whether an advisory concerns it. */
  readonly names: ReadonlySet<string>;
  /** Null while due for re-evaluation. */
  findings: Finding[] | null;
}

/** One base package's findings for one advisory id. */
interface PackageFindings {
  readonly identity: string;
  readonly findings: readonly Finding[];
}

interface Counts {
  basesTouched: number;
  hostsTouched: number;
  newFindings: number;
  removedFindings: number;
  bases: string[];
  hosts: string[];
}

/**
 * `advisories` are read as a sequence of puts: a repeated (source, id) keeps its last version.
 * Results equal `createFleetEvaluator`'s; they are built here so that every base finding is
 * known with its package, which is what lets a change find it again in the hosts' arrays.
 */
export function createIncrementalFleet(
  hosts: readonly (DeltaHost | WholeHost)[],
  advisories: readonly Advisory[],
  compareFor: (scheme: SchemeId) => Compare,
  opts: {
    readonly onProgress?: (done: number, total: number) => void;
    /**
     * Streams that count as covered besides those of the current advisories, when `advisories`
     * is a subset picked for one query (the streams of every stored advisory, say).
     */
    readonly coverage?: ReadonlySet<string>;
  } = {},
): IncrementalFleet {
  /** id → source → advisory. */
  const current = new Map<string, Map<string, Advisory>>();
  /** CVE (upper case) → ids of the current advisories naming it. */
  const byCve = new Map<string, Set<string>>();
  for (const a of advisories) groupOf(current, a.id).set(a.source, a);
  for (const [id, g] of current) {
    for (const a of g.values()) for (const c of a.cves) add(byCve, c.toUpperCase(), id);
  }
  let advisoryCount = 0;
  for (const g of current.values()) advisoryCount += g.size;
  /** Stream → entries of current advisories on it: the streams the advisories cover. */
  const coverage = new Map<string, number>();
  for (const g of current.values()) for (const a of g.values()) cover(coverage, a, 1);
  const alsoCovered = opts.coverage ?? new Set<string>();
  // The evaluator over every current advisory, for hosts and base sets that arrive later; a
  // change only marks it stale (rebuilding the index costs as much as the fleet's advisories).
  let full: Evaluator | null = null;
  const evaluator = (): Evaluator => {
    full ??= createEvaluator(
      buildMatchIndex([...current.values()].flatMap((g) => [...g.values()])),
      { compareFor },
    );
    return full;
  };
  const bases = new Map<string, BaseState>();
  const states = new Map<string, HostState>();
  const wholes = new Map<string, WholeState>();
  const addedByName = new Map<string, Set<HostState>>();
  /** Flattened `byAdvisory` of each base, while the initial hosts are placed. */
  let entries: Map<BaseState, PackageFindings[]> | null = new Map();

  function putHost(host: DeltaHost | WholeHost): void {
    removeHost(host.asset);
    if ('inventory' in host) {
      const names = new Set(host.inventory.packages.flatMap((p) => [p.name, p.sourceName]));
      wholes.set(host.asset, { host, names, findings: null });
      return;
    }
    let base = bases.get(host.base.id);
    if (!base) {
      base = baseState(evaluator(), host.base);
      bases.set(host.base.id, base);
    }
    base.members++;
    const fromBase = entries?.get(base) ?? [...base.byAdvisory.values()].flat();
    if (entries && !entries.has(base)) entries.set(base, fromBase);
    const shared = host.removed.length === 0;
    const state: HostState = {
      host,
      inherited: shared ? base.findings : [],
      introduced: [],
      regressed: [],
      removedIds: new Set(host.removed.map(packageIdentity)),
    };
    const own =
      host.added.length === 0
        ? []
        : evaluator().evaluatePackages(host.asset, host.base.platform, host.added);
    place(state, fromBase, own);
    states.set(host.asset, state);
    if (!shared) base.drifted.add(state);
    for (const identity of state.removedIds) add(base.removedBy, identity, state);
    for (const n of new Set(host.added.flatMap((p) => [p.name, p.sourceName]))) {
      add(addedByName, n, state);
    }
  }

  function removeHost(asset: string): boolean {
    if (wholes.delete(asset)) return true;
    const state = states.get(asset);
    if (!state) return false;
    states.delete(asset);
    const base = bases.get(state.host.base.id)!;
    base.drifted.delete(state);
    for (const identity of state.removedIds) base.removedBy.get(identity)?.delete(state);
    for (const p of state.host.added) {
      addedByName.get(p.name)?.delete(state);
      addedByName.get(p.sourceName)?.delete(state);
    }
    if (--base.members === 0) bases.delete(base.set.id);
    return true;
  }

  function evaluationOf(asset: string): HostEvaluation | undefined {
    const s = states.get(asset);
    if (s) {
      const { inherited, introduced, regressed } = s;
      return { asset, base: s.host.base.id, inherited, introduced, regressed };
    }
    const w = wholes.get(asset);
    if (!w) return undefined;
    w.findings ??= evaluator().evaluate(asset, w.host.inventory);
    return { asset, base: null, inherited: [], introduced: w.findings, regressed: [] };
  }

  function assessmentOf(asset: string): Assessment | undefined {
    const platform =
      states.get(asset)?.host.base.platform ?? wholes.get(asset)?.host.inventory.platform;
    if (platform === undefined) return undefined;
    return assess(platform, (s) => alsoCovered.has(s) || (coverage.get(s) ?? 0) > 0);
  }

  for (const [i, host] of hosts.entries()) {
    putHost(host);
    opts.onProgress?.(i + 1, hosts.length);
  }
  entries = null;

  function change(id: string, source: string, next: Advisory | undefined): ApplyResult {
    const group = groupOf(current, id);
    const old = group.get(source);
    if (!old && !next) {
      if (group.size === 0) current.delete(id);
      return fresh();
    }
    const streams = streamsOf([old, next]);
    const before = linked(current, byCve, [old, next], streams);
    const oldNames = namesOf(before.advisories);
    if (next) group.set(source, next);
    else group.delete(source);
    for (const c of old?.cves ?? []) unindexCve(byCve, group, id, c);
    for (const c of next?.cves ?? []) add(byCve, c.toUpperCase(), id);
    if (group.size === 0) current.delete(id);
    if (old) cover(coverage, old, -1);
    if (next) cover(coverage, next, 1);
    advisoryCount += (next ? 1 : 0) - (old ? 1 : 0);
    full = null;
    const after = linked(current, byCve, [old, next], streams);
    const ids = new Set([...before.ids, ...after.ids]);
    const counts = reapply(ids, after.advisories, oldNames, namesOf([old, next]), streams);
    const kb = [old, next].some((a) => a?.affected.some((e) => e.kind === 'kb'));
    const changed = namesOf([old, next]);
    for (const w of wholes.values()) {
      // KB supersedence spans advisories: any change to one can clear another's finding.
      const platform = w.host.inventory.platform;
      const concerned =
        platform !== null &&
        streams.has(windowsBuildStream(streamOf(platform)) ?? streamOf(platform)) &&
        (w.host.inventory.windows ? kb : holdsAny(w.names, changed));
      if (!concerned) continue;
      w.findings = null;
      counts.hosts.push(w.host.asset);
      counts.hostsTouched++;
    }
    return counts;
  }

  /**
   * Re-derives the findings named by `ids` from `group` (every current advisory linked to the
   * change) on the bases and hosts holding a `changed` package on one of `streams`. `oldNames`
   * are the packages the group named before: only hosts whose delta holds one can have findings
   * of their own to drop.
   */
  function reapply(
    ids: ReadonlySet<string>,
    group: readonly Advisory[],
    oldNames: ReadonlySet<string>,
    changed: ReadonlySet<string>,
    streams: ReadonlySet<string>,
  ): Counts {
    const mini = group.length > 0 ? createEvaluator(buildMatchIndex(group), { compareFor }) : null;
    const groupNames = namesOf(group);
    const counts = fresh();
    const before = new Map<BaseState, PackageFindings[]>();
    for (const base of bases.values()) {
      if (!streams.has(base.stream) || !holds(base.byName, changed)) continue;
      counts.basesTouched++;
      counts.bases.push(base.set.id);
      const old = entriesOf(base, ids);
      if (replaceInBase(base, ids, mini ? evaluateBase(mini, base, groupNames) : [], counts)) {
        before.set(base, old);
      }
    }
    const hadOwn = hostsNaming(addedByName, oldNames);
    const hasOwn = hostsNaming(addedByName, groupNames);
    const update = (h: HostState, base: BaseState) => {
      const old = before.get(base) ?? entriesOf(base, ids);
      counts.removedFindings += clear(h, ids, old, hadOwn.has(h));
      const own = mini && hasOwn.has(h) ? ownFindings(mini, h.host, groupNames) : [];
      counts.newFindings += own.length;
      place(h, entriesOf(base, ids), own);
    };
    const viaDelta = hostsNaming(addedByName, changed);
    for (const h of viaDelta) {
      if (!streams.has(bases.get(h.host.base.id)!.stream)) viaDelta.delete(h);
    }
    for (const h of viaDelta) {
      update(h, bases.get(h.host.base.id)!);
      counts.hosts.push(h.host.asset);
    }
    counts.hostsTouched += viaDelta.size;
    for (const [base, old] of before) {
      const now = entriesOf(base, ids);
      const removers = removersOf(base, [...old, ...now]);
      const oldFindings = old.flatMap((p) => p.findings);
      const nowFindings = now.flatMap((p) => p.findings);
      for (const h of base.drifted) {
        if (viaDelta.has(h)) continue;
        // A host that kept every package concerned holds the base's findings in inherited.
        if (removers.has(h)) update(h, base);
        else swap(h.inherited, oldFindings, nowFindings);
        counts.hostsTouched++;
        counts.hosts.push(h.host.asset);
      }
    }
    return counts;
  }

  const putAdvisory = (a: Advisory) => change(a.id, a.source, a);
  return {
    hosts: states,
    putAdvisory,
    addAdvisory: putAdvisory,
    removeAdvisory: (ref) => change(ref.id, ref.source, undefined),
    putHost,
    removeHost,
    assessmentOf,
    evaluationOf,
    *assets() {
      yield* states.keys();
      yield* wholes.keys();
    },
    *advisories() {
      for (const g of current.values()) yield* g.values();
    },
    get advisoryCount() {
      return advisoryCount;
    },
  };
}

function fresh(): Counts {
  return {
    basesTouched: 0,
    hostsTouched: 0,
    newFindings: 0,
    removedFindings: 0,
    bases: [],
    hosts: [],
  };
}

function holdsAny(names: ReadonlySet<string>, wanted: ReadonlySet<string>): boolean {
  for (const n of wanted) if (names.has(n)) return true;
  return false;
}

/** Drops `id` from the CVE's ids unless another advisory of `group` (that id) still names it. */
function unindexCve(
  byCve: Map<string, Set<string>>,
  group: ReadonlyMap<string, Advisory>,
  id: string,
  cve: string,
): void {
  const key = cve.toUpperCase();
  const still = [...group.values()].some((a) => a.cves.some((c) => c.toUpperCase() === key));
  if (still) return;
  const ids = byCve.get(key);
  ids?.delete(id);
  if (ids?.size === 0) byCve.delete(key);
}

/**
 * The current advisories on `streams` that `seeds` reach through shared ids and CVEs
 * (transitively, as consolidation groups), and their ids plus the seeds'. A superset of every
 * group a seed can be in, on any package.
 */
function linked(
  current: ReadonlyMap<string, ReadonlyMap<string, Advisory>>,
  byCve: ReadonlyMap<string, ReadonlySet<string>>,
  seeds: readonly (Advisory | undefined)[],
  streams: ReadonlySet<string>,
): { ids: Set<string>; advisories: Advisory[] } {
  const ids = new Set<string>();
  const advisories: Advisory[] = [];
  const queue: Advisory[] = [];
  const visit = (id: string) => {
    if (ids.has(id)) return;
    ids.add(id);
    for (const a of current.get(id)?.values() ?? []) {
      if (!onStreams(a, streams)) continue;
      advisories.push(a);
      queue.push(a);
    }
  };
  for (const s of seeds) {
    if (!s) continue;
    visit(s.id);
    queue.push(s);
  }
  for (let a = queue.pop(); a; a = queue.pop()) {
    for (const c of a.cves) for (const id of byCve.get(c.toUpperCase()) ?? []) visit(id);
  }
  return { ids, advisories };
}

function onStreams(a: Advisory, streams: ReadonlySet<string>): boolean {
  return [...streamsOf([a])].some((s) => streams.has(s));
}

/** The base's findings named by any of `ids`, per package. */
function entriesOf(base: BaseState, ids: ReadonlySet<string>): PackageFindings[] {
  const out: PackageFindings[] = [];
  for (const id of ids) out.push(...(base.byAdvisory.get(id) ?? []));
  return out;
}

/** Splits each package's findings by the advisory naming them, as `byAdvisory` holds them. */
function byId(entries: readonly PackageFindings[]): Map<string, PackageFindings[]> {
  const out = new Map<string, PackageFindings[]>();
  for (const { identity, findings } of entries) {
    const split = new Map<string, Finding[]>();
    for (const f of findings) push(split, f.advisory, f);
    for (const [id, fs] of split) push(out, id, { identity, findings: fs });
  }
  return out;
}

function groupOf(current: Map<string, Map<string, Advisory>>, id: string): Map<string, Advisory> {
  let group = current.get(id);
  if (!group) {
    group = new Map();
    current.set(id, group);
  }
  return group;
}

/** Streams the advisories' entries are matched on; unknown platforms match nothing. */
function streamsOf(advisories: readonly (Advisory | undefined)[]): Set<string> {
  const out = new Set<string>();
  for (const a of advisories) {
    for (const e of a?.affected ?? []) {
      const s = streamOfText(e.platform);
      if (s !== null) out.add(s);
      const build = s === null ? null : windowsBuildStream(s);
      if (build !== null) out.add(build);
    }
  }
  return out;
}

function cover(coverage: Map<string, number>, a: Advisory, sign: 1 | -1): void {
  for (const e of a.affected) {
    const s = streamOfText(e.platform);
    if (s === null) continue;
    for (const k of coverageKeys(s)) {
      const n = (coverage.get(k) ?? 0) + sign;
      if (n > 0) coverage.set(k, n);
      else coverage.delete(k);
    }
  }
}

function namesOf(advisories: readonly (Advisory | undefined)[]): Set<string> {
  const out = new Set<string>();
  for (const a of advisories) {
    for (const e of a?.affected ?? []) if (e.kind === 'package') out.add(e.package);
  }
  return out;
}

/** Each package evaluated on its own, as `createFleetEvaluator` evaluates a base set. */
function baseState(evaluator: Evaluator, set: BaseSet): BaseState {
  const byName = new Map<string, InstalledPackage[]>();
  for (const p of set.packages) {
    push(byName, p.name, p);
    if (p.sourceName !== p.name) push(byName, p.sourceName, p);
  }
  const base: BaseState = {
    set,
    stream: streamOf(set.platform),
    findings: [],
    byName,
    byAdvisory: new Map(),
    drifted: new Set(),
    removedBy: new Map(),
    members: 0,
  };
  for (const pkg of set.packages) {
    const found = evaluator.evaluatePackages(set.id, set.platform, [pkg]);
    if (found.length === 0) continue;
    base.findings.push(...found);
    const identity = packageIdentity(pkg);
    for (const [id, entries] of byId([{ identity, findings: found }])) {
      for (const e of entries) push(base.byAdvisory, id, e);
    }
  }
  return base;
}

/** Swaps the base's findings named by `ids` for `next`; false when it had none and gets none. */
function replaceInBase(
  base: BaseState,
  ids: ReadonlySet<string>,
  next: readonly PackageFindings[],
  counts: Counts,
): boolean {
  const hadAny = [...ids].some((id) => base.byAdvisory.has(id));
  if (!hadAny && next.length === 0) return false;
  if (hadAny) counts.removedFindings += strip(base.findings, ids);
  for (const id of ids) base.byAdvisory.delete(id);
  for (const p of next) {
    base.findings.push(...p.findings);
    counts.newFindings += p.findings.length;
  }
  for (const [id, entries] of byId(next)) base.byAdvisory.set(id, entries);
  return true;
}

function holds(byName: Map<string, InstalledPackage[]>, names: ReadonlySet<string>): boolean {
  for (const n of names) if (byName.has(n)) return true;
  return false;
}

function hostsNaming(
  addedByName: Map<string, Set<HostState>>,
  names: ReadonlySet<string>,
): Set<HostState> {
  const out = new Set<HostState>();
  for (const n of names) for (const h of addedByName.get(n) ?? []) out.add(h);
  return out;
}

function evaluateBase(
  mini: Evaluator,
  base: BaseState,
  names: ReadonlySet<string>,
): PackageFindings[] {
  const pkgs = new Set<InstalledPackage>();
  for (const n of names) for (const p of base.byName.get(n) ?? []) pkgs.add(p);
  const out: PackageFindings[] = [];
  for (const pkg of pkgs) {
    const findings = mini.evaluatePackages(base.set.id, base.set.platform, [pkg]);
    if (findings.length > 0) out.push({ identity: packageIdentity(pkg), findings });
  }
  return out;
}

function ownFindings(mini: Evaluator, host: DeltaHost, names: ReadonlySet<string>): Finding[] {
  const pkgs = host.added.filter((p) => names.has(p.name) || names.has(p.sourceName));
  return pkgs.length === 0 ? [] : mini.evaluatePackages(host.asset, host.base.platform, pkgs);
}

/**
 * Takes a host's findings named by `ids` out of its arrays; returns how many were its own. A
 * host with no findings of its own for them holds exactly the base's `old` ones, each in inherited
 * or (package removed) regressed, so they are looked up from the end, where recent ones sit.
 */
function clear(
  h: HostState,
  ids: ReadonlySet<string>,
  old: readonly PackageFindings[],
  mayHoldOwn: boolean,
): number {
  const shared = h.host.removed.length === 0;
  if (mayHoldOwn) {
    let own = strip(h.introduced, ids);
    if (shared) return own;
    const fromBase = new Set(old.flatMap((p) => p.findings));
    own += strip(h.inherited, ids, (f) => !fromBase.has(f));
    strip(h.regressed, ids);
    return own;
  }
  if (shared) return 0;
  for (const p of old) {
    const list = h.removedIds.has(p.identity) ? h.regressed : h.inherited;
    for (const f of p.findings) removeOne(list, f);
  }
  return 0;
}

function removersOf(base: BaseState, entries: readonly PackageFindings[]): Set<HostState> {
  const out = new Set<HostState>();
  for (const p of entries) for (const h of base.removedBy.get(p.identity) ?? []) out.add(h);
  return out;
}

/** Replaces `old` by `now` in `list`, reusing the old slots so the array seldom grows. */
function swap(list: Finding[], old: readonly Finding[], now: readonly Finding[]): void {
  const shared = Math.min(old.length, now.length);
  for (let i = 0; i < shared; i++) {
    const at = lastIndex(list, old[i]!);
    if (at >= 0) list[at] = now[i]!;
    else list.push(now[i]!);
  }
  for (let i = shared; i < old.length; i++) removeOne(list, old[i]!);
  for (let i = shared; i < now.length; i++) list.push(now[i]!);
}

/** Order within a host's lists carries no meaning, so the last element fills the gap. */
function removeOne(list: Finding[], f: Finding): void {
  const i = lastIndex(list, f);
  if (i < 0) return;
  const last = list.pop()!;
  if (i < list.length) list[i] = last;
}

/** `lastIndexOf`, which V8 runs about half as fast as this loop. */
function lastIndex(list: readonly Finding[], f: Finding): number {
  let i = list.length - 1;
  while (i >= 0 && list[i] !== f) i--;
  return i;
}

/**
 * Adds base and own findings to a host as `createFleetEvaluator` splits them: a base finding
 * on a removed package is regressed, unless the host's own package has the same finding, which
 * then counts as inherited.
 */
function place(h: HostState, fromBase: readonly PackageFindings[], own: readonly Finding[]): void {
  if (h.host.removed.length === 0) {
    h.introduced.push(...own);
    return;
  }
  const gone: Finding[] = own.length === 0 ? h.regressed : [];
  for (const p of fromBase) {
    const list = h.removedIds.has(p.identity) ? gone : h.inherited;
    for (const f of p.findings) list.push(f);
  }
  if (own.length === 0) return;
  const goneKeys = new Set(gone.map(findingKey));
  const ownKeys = new Set(own.map(findingKey));
  for (const f of own) (goneKeys.has(findingKey(f)) ? h.inherited : h.introduced).push(f);
  for (const f of gone) if (!ownKeys.has(findingKey(f))) h.regressed.push(f);
}

/**
 * Removes the findings named by `ids` from `list` in place (clones share base arrays by
 * reference); returns how many of them `count` accepts.
 */
function strip(
  list: Finding[],
  ids: ReadonlySet<string>,
  count: (f: Finding) => boolean = () => true,
): number {
  let w = 0;
  let n = 0;
  for (let r = 0; r < list.length; r++) {
    const f = list[r]!;
    if (ids.has(f.advisory)) {
      if (count(f)) n++;
    } else {
      if (w !== r) list[w] = f;
      w++;
    }
  }
  list.length = w;
  return n;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function add<K, V>(m: Map<K, Set<V>>, k: K, v: V): void {
  const set = m.get(k);
  if (set) set.add(v);
  else m.set(k, new Set([v]));
}
