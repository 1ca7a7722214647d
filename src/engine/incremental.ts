import type { Advisory } from '../domain/advisory.js';
import type { InstalledPackage } from '../domain/inventory.js';
import { createEvaluator, type Compare, type Evaluator } from './evaluate.js';
import { createFleetEvaluator, packageIdentity, type BaseSet, type DeltaHost } from './fleet.js';
import { buildMatchIndex } from './match-index.js';
import { findingKey } from './origin.js';
import type { Finding } from './types.js';
import type { SchemeId } from '../domain/platform.js';

/** Live per-host results, kept current as advisories arrive. */
export interface HostState {
  readonly host: DeltaHost;
  /** The base set's own array while the host removed nothing from it; else the host's copy. */
  inherited: Finding[];
  readonly introduced: Finding[];
  readonly regressed: Finding[];
  /** Identities of the base packages the host removed. */
  readonly removedIds: ReadonlySet<string>;
}

export interface ApplyResult {
  readonly basesTouched: number;
  readonly hostsTouched: number;
  readonly newFindings: number;
}

/**
 * A fleet whose results stay current: a new advisory is evaluated only against the base sets
 * and host deltas that hold one of its packages (found through a name index), and its findings
 * are appended in place. Clones that removed nothing share their base set's array, so a
 * template finding reaches thousands of them with one push.
 *
 * Handles new advisories. A changed advisory (same id) needs the hosts holding its packages
 * recomputed; that is `rebuild`'s job.
 */
export interface IncrementalFleet {
  readonly hosts: ReadonlyMap<string, HostState>;
  addAdvisory(advisory: Advisory): ApplyResult;
}

interface BaseState {
  readonly set: BaseSet;
  readonly findings: Finding[];
  readonly byName: Map<string, InstalledPackage[]>;
  readonly drifted: HostState[];
}

export function createIncrementalFleet(
  hosts: readonly DeltaHost[],
  advisories: readonly Advisory[],
  compareFor: (scheme: SchemeId) => Compare,
): IncrementalFleet {
  const fleet = createFleetEvaluator(createEvaluator(buildMatchIndex(advisories), { compareFor }));
  const bases = new Map<string, BaseState>();
  const states = new Map<string, HostState>();
  const addedByName = new Map<string, HostState[]>();
  for (const host of hosts) {
    const r = fleet.evaluateHost(host);
    let base = bases.get(host.base.id);
    if (!base) {
      const own = fleet.evaluateHost({
        asset: host.base.id,
        base: host.base,
        removed: [],
        added: [],
      });
      base = baseState(host.base, own.inherited);
      bases.set(host.base.id, base);
    }
    const shared = host.removed.length === 0;
    const state: HostState = {
      host,
      inherited: shared ? base.findings : [...r.inherited],
      introduced: [...r.introduced],
      regressed: [...r.regressed],
      removedIds: new Set(host.removed.map(packageIdentity)),
    };
    states.set(host.asset, state);
    if (!shared) base.drifted.push(state);
    for (const p of host.added) index(addedByName, [p.name, p.sourceName], state);
  }

  function addAdvisory(advisory: Advisory): ApplyResult {
    const mini = createEvaluator(buildMatchIndex([advisory]), { compareFor });
    const names = new Set(
      advisory.affected.flatMap((e) => (e.kind === 'package' ? [e.package] : [])),
    );
    let basesTouched = 0;
    let newFindings = 0;
    const touched = new Set<HostState>();
    for (const base of bases.values()) {
      const found = evaluatePackages(mini, base.set, candidates(base.byName, names));
      if (found.length === 0) continue;
      basesTouched++;
      for (const { pkg, findings } of found) {
        base.findings.push(...findings);
        newFindings += findings.length;
        const id = packageIdentity(pkg);
        for (const h of base.drifted) {
          touched.add(h);
          if (h.removedIds.has(id)) h.regressed.push(...findings);
          else h.inherited.push(...findings);
        }
      }
    }
    const hostsWithAdded = new Set([...names].flatMap((n) => addedByName.get(n) ?? []));
    for (const h of hostsWithAdded) {
      const pkgs = h.host.added.filter((p) => names.has(p.name) || names.has(p.sourceName));
      const own = mini.evaluatePackages(h.host.asset, h.host.base.platform, pkgs);
      if (own.length === 0) continue;
      touched.add(h);
      newFindings += own.length;
      const regressedKeys = new Set(h.regressed.map(findingKey));
      for (const f of own) {
        if (regressedKeys.has(findingKey(f))) {
          moveBack(h, f);
        } else h.introduced.push(f);
      }
    }
    return { basesTouched, hostsTouched: touched.size, newFindings };
  }

  return { hosts: states, addAdvisory };
}

function baseState(set: BaseSet, findings: readonly Finding[]): BaseState {
  const byName = new Map<string, InstalledPackage[]>();
  for (const p of set.packages) {
    push(byName, p.name, p);
    if (p.sourceName !== p.name) push(byName, p.sourceName, p);
  }
  return { set, findings: [...findings], byName, drifted: [] };
}

/** A finding the image has, the host removed that package version, yet its new one has it too. */
function moveBack(h: HostState, f: Finding): void {
  const k = findingKey(f);
  const i = h.regressed.findIndex((r) => findingKey(r) === k);
  if (i >= 0) h.regressed.splice(i, 1);
  h.inherited.push(f);
}

function candidates(
  byName: Map<string, InstalledPackage[]>,
  names: ReadonlySet<string>,
): InstalledPackage[] {
  const out = new Set<InstalledPackage>();
  for (const n of names) for (const p of byName.get(n) ?? []) out.add(p);
  return [...out];
}

function evaluatePackages(
  mini: Evaluator,
  set: BaseSet,
  pkgs: readonly InstalledPackage[],
): { pkg: InstalledPackage; findings: Finding[] }[] {
  const out: { pkg: InstalledPackage; findings: Finding[] }[] = [];
  for (const pkg of pkgs) {
    const findings = mini.evaluatePackages(set.id, set.platform, [pkg]);
    if (findings.length > 0) out.push({ pkg, findings });
  }
  return out;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function index(m: Map<string, HostState[]>, names: readonly string[], h: HostState): void {
  for (const n of new Set(names)) push(m, n, h);
}
