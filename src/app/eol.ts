import { basename } from 'node:path';
import { decompress } from '../advisories/compression.js';
import { bundledLifecycle } from '../advisories/eol/bundled.js';
import {
  eolAdvisoryId,
  publicEndInstant,
  readLifecycle,
  type Lifecycle,
  type LifecycleEntry,
} from '../advisories/eol/index.js';
import type { Severity } from '../domain/advisory.js';
import type { Labels } from '../domain/asset.js';
import type { Diagnostic } from '../domain/diagnostics.js';
import { isAppError } from '../domain/errors.js';
import { FindingOrigin } from '../engine/origin.js';
import { streamOfText } from '../engine/stream.js';
import { MatchRule } from '../engine/types.js';
import { matchesSelector, type PolicyDocument } from '../policy/index.js';
import type { Store } from '../store/index.js';
import type { AssetFinding, AssetView } from './evaluation/index.js';

/** Support dates by platform stream, and where they came from. */
export interface LifecycleData {
  readonly byStream: ReadonlyMap<string, LifecycleEntry>;
  /** Bundled table version; then the kept `eol` documents laid over it, oldest first. */
  readonly sources: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The bundled table with every kept `eol` document (newest per URL, from `feeds sync eol` or
 * `import advisories`) laid over it in fetch order: a document's entries replace the bundled
 * ones of the streams it lists. A kept Patchline table older than the bundled one (lower
 * `version`, say imported before an upgrade) is skipped with a warning, as is, with an error,
 * a kept document that no longer reads.
 */
export async function lifecycleFromStore(
  store: Pick<Store, 'feeds'>,
  bundled: Lifecycle = bundledLifecycle(),
): Promise<LifecycleData> {
  const byStream = new Map(bundled.entries.map((e) => [e.stream, e]));
  const sources = [`bundled table version ${bundled.version ?? '?'} (${bundled.updated ?? '?'})`];
  const diagnostics: Diagnostic[] = [...bundled.diagnostics];
  const payloads = (await store.feeds.latestPayloads({ source: 'eol' })).sort((a, b) =>
    a.fetchedAt < b.fetchedAt ? -1 : a.fetchedAt > b.fetchedAt ? 1 : 0,
  );
  for (const meta of payloads) {
    const p = await store.feeds.getPayload(meta.id);
    if (!p) continue;
    try {
      const life = readLifecycle(decompress({ name: basename(p.url), bytes: p.body }));
      if (life.version !== null && bundled.version !== null && life.version < bundled.version) {
        const message = `eol: table version ${life.version} is older than the bundled version ${bundled.version}; skipped`;
        diagnostics.push({ severity: 'warning', message, location: { file: p.url } });
        continue;
      }
      for (const e of life.entries) byStream.set(e.stream, e);
      diagnostics.push(...life.diagnostics);
      const v = life.version === null ? '' : ` version ${life.version}`;
      sources.push(`${p.url}${v} (fetched ${p.fetchedAt})`);
    } catch (e) {
      if (!isAppError(e)) throw e;
      diagnostics.push({ severity: 'error', message: e.message, location: { file: p.url } });
    }
  }
  return { byStream, sources, diagnostics };
}

/** Policy settings of the rule, with their defaults. */
export interface EolSettings {
  readonly severity: Severity;
  /** Whether an asset is covered by a paid extended programme. */
  readonly subscribed: (labels: Labels) => boolean;
}

export function eolSettings(policy?: Pick<PolicyDocument, 'eol'>): EolSettings {
  const selector = policy?.eol?.extendedSupport;
  return {
    severity: policy?.eol?.severity ?? 'high',
    subscribed: selector ? (labels) => matchesSelector(selector, labels) : () => false,
  };
}

/** Why a stream is past its support for an asset: the last supported day and what ended. */
export interface SupportEnded {
  /** Last supported day, YYYY-MM-DD. */
  readonly lastDay: string;
  /** `standard support`, or the extended programme (`LTS`) that ended. */
  readonly what: string;
  readonly source: string;
  /** The paid programme the asset lacks, when it would still be supported with one. */
  readonly missing?: { readonly program: string; readonly end: string };
}

const dayMs = 86_400_000;

/**
 * Whether `entry`'s release is out of support at `now` for an asset with (or without) a paid
 * extended subscription. Support runs through the last day (UTC): a release ends at the start
 * of the next day. A free programme (Debian LTS) covers everyone; a paid one only `subscribed`.
 */
export function supportEnded(
  entry: LifecycleEntry,
  now: Date,
  subscribed: boolean,
): SupportEnded | null {
  const ext = entry.extended;
  const covered = ext !== undefined && (subscribed || !ext.subscription);
  const lastDay = covered ? ext.end : entry.standardEnd;
  if (now.getTime() < Date.parse(`${lastDay}T00:00:00Z`) + dayMs) return null;
  const what = covered ? ext.program : 'standard support';
  const source = covered ? (ext.source ?? entry.source) : entry.source;
  const missing =
    ext !== undefined && !covered && now.getTime() < Date.parse(`${ext.end}T00:00:00Z`) + dayMs
      ? { program: ext.program, end: ext.end }
      : undefined;
  return { lastDay, what, source, ...(missing && { missing }) };
}

/**
 * The lifecycle entry for a platform: by its stream (`alpine:3.18.4` → `alpine:3.18`), and for
 * Windows from the most specific key the table has (`windows:10.0.17763:server:x64`, then
 * `windows:10.0.17763:server`, then the build alone).
 */
export function lifecycleEntryOf(life: LifecycleData, platform: string): LifecycleEntry | null {
  const stream = streamOfText(platform) ?? platform;
  const parts = stream.split(':');
  for (let n = parts.length; n >= 2; n--) {
    const hit = life.byStream.get(parts.slice(0, n).join(':'));
    if (hit) return hit;
  }
  return null;
}

/** The end-of-life finding of one asset at `now`, or null while its release is supported. */
export function eolFinding(
  asset: AssetView,
  life: LifecycleData,
  settings: EolSettings,
  now: Date,
  origin: FindingOrigin,
): AssetFinding | null {
  if (asset.platform === null) return null;
  const entry = lifecycleEntryOf(life, asset.platform);
  if (!entry) return null;
  const ended = supportEnded(entry, now, settings.subscribed(asset.labels));
  if (!ended) return null;
  const extra = ended.missing
    ? `; ${ended.missing.program} runs to ${ended.missing.end} for subscribed assets only`
    : '';
  return {
    asset: asset.name,
    advisory: eolAdvisoryId(entry.stream),
    cves: [],
    package: entry.stream,
    installed: entry.stream,
    severity: settings.severity,
    status: 'open',
    reason: `${entry.name}: ${ended.what} ended ${ended.lastDay}${extra} (${ended.source})`,
    evidence: {
      source: ended.source,
      rule: MatchRule.EndOfLife,
      scheme: 'date',
      installed: entry.stream,
      platform: entry.stream,
      supportEnded: ended.lastDay,
    },
    kind: asset.kind,
    platform: asset.platform,
    image: asset.image,
    origin,
  };
}

/**
 * End-of-life findings of every asset, by asset id, with the origin the other findings use: an
 * image version's are `image`; a clone's are `inherited` when its image version has the same
 * one, else `introduced`; a host with no image version's are `host`.
 */
export function eolFindings(
  assets: Iterable<AssetView>,
  life: LifecycleData,
  settings: EolSettings,
  now: Date,
): Map<string, AssetFinding> {
  const list = [...assets];
  const out = new Map<string, AssetFinding>();
  for (const a of list) {
    if (a.imageId !== null) continue;
    const origin = a.kind === 'image' ? FindingOrigin.Image : FindingOrigin.Host;
    const f = eolFinding(a, life, settings, now, origin);
    if (f) out.set(a.id, f);
  }
  for (const a of list) {
    if (a.imageId === null) continue;
    const img = out.get(a.imageId);
    const own = eolFinding(a, life, settings, now, FindingOrigin.Inherited);
    if (!own) continue;
    const same =
      img !== undefined &&
      img.advisory === own.advisory &&
      img.evidence.supportEnded === own.evidence.supportEnded;
    out.set(a.id, same ? own : { ...own, origin: FindingOrigin.Introduced });
  }
  return out;
}

/** Published instant per EOL advisory id: the day public support ended (clock start). */
export function eolPublished(life: LifecycleData): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of life.byStream.values()) {
    out.set(eolAdvisoryId(e.stream), Date.parse(publicEndInstant(e)));
  }
  return out;
}
