import type { Advisory, AffectedPackage } from '../../domain/advisory.js';
import type { Diagnostic, Parsed } from '../../domain/diagnostics.js';
import type { InstalledPackage } from '../../domain/inventory.js';
import { streamOfText } from '../stream.js';
import { ovalEvr, ovalTags, xmlAttr, xmlText, type OvalProbe } from './oval-xml.js';

/** Options for {@link renderOvalDefinitions}. */
export interface OvalOptions {
  /** The stream evaluated (`debian:12`, `almalinux:9`); entries of other streams are left out. */
  readonly platform: string;
  /** `dpkginfo` (debian_evr_string) or `rpminfo` (evr_string). */
  readonly probe: OvalProbe;
  /**
   * Binary packages built from a source package, e.g. from a dpkg status file's `Source:`
   * fields. Source-keyed entries become one criterion per binary; without it they are skipped.
   */
  readonly binariesOf?: (source: string) => readonly string[];
  /** `generator/timestamp`, passed in so output is reproducible. */
  readonly timestamp: string;
  /** OVAL id namespace; default `oval:dev.patchline.oracle`. */
  readonly namespace?: string;
}

/** Generated OVAL document and which advisory each definition stands for. */
export interface OvalFeed {
  readonly xml: string;
  /** Definition id → advisory id. Advisories without a usable entry get no definition. */
  readonly definitions: ReadonlyMap<string, string>;
}

interface Criterion {
  readonly pkg: string;
  readonly entry: AffectedPackage;
}

/**
 * Renders advisories as OVAL 5.11 definitions of class `vulnerability`, the shape of the
 * Debian, Ubuntu and Red Hat feeds: per advisory an OR of criteria, each a
 * `linux-def:dpkginfo_test` / `rpminfo_test` whose object names a binary package and whose
 * states say `evr less than <fixed>` (and `greater than or equal <introduced>` when given),
 * restricted to `arch` by pattern match when the entry is. An entry with no fix yet (or
 * will-not-fix) is a test with no state: "the package is installed".
 *
 * Semantics chosen to equal the engine's: tests use `check="at least one"` (any installed
 * instance below the fix is a hit) and `check_existence="at_least_one_exists"`. OVAL tests see
 * binary packages only, so a source-keyed entry is written once per binary built from that
 * source (`binariesOf`) and compared against the binary's version; for Debian this equals the
 * engine's source-version comparison whenever the binary version is the source version or a
 * binNMU of it (`+bN` sorts between the source version and the next upload).
 * See OVAL 5.11.2 Linux schema: dpkginfo_state, rpminfo_state (evr, datatype
 * `debian_evr_string` / `evr_string`).
 */
export function renderOvalDefinitions(
  advisories: Iterable<Advisory>,
  opts: OvalOptions,
): Parsed<OvalFeed> {
  const stream = streamOfText(opts.platform);
  const ns = opts.namespace ?? 'oval:dev.patchline.oracle';
  const diagnostics: Diagnostic[] = [];
  const doc = createOvalWriter(ns, opts.probe);
  const definitions = new Map<string, string>();
  let seq = 0;
  for (const advisory of advisories) {
    const criteria: Criterion[] = [];
    for (const entry of advisory.affected) {
      if (entry.kind !== 'package' || streamOfText(entry.platform) !== stream) continue;
      if (entry.status === 'not-affected') continue;
      if (entry.status === 'fixed' && entry.fixed === undefined) continue;
      for (const pkg of packagesOf(entry, opts, advisory.id, diagnostics)) {
        criteria.push({ pkg, entry });
      }
    }
    if (criteria.length === 0) continue;
    const id = `${ns}:def:${++seq}`;
    definitions.set(id, advisory.id);
    doc.addDefinition(id, advisory, criteria);
  }
  return { value: { xml: doc.render(opts.timestamp), definitions }, diagnostics };
}

function packagesOf(
  entry: AffectedPackage,
  opts: OvalOptions,
  advisoryId: string,
  diagnostics: Diagnostic[],
): readonly string[] {
  if (entry.packageKind === 'binary') return [entry.package];
  if (opts.binariesOf) return opts.binariesOf(entry.package);
  diagnostics.push({
    severity: 'warning',
    message: 'source-package entry and no binariesOf mapping; left out',
    location: { record: `${advisoryId}/${entry.package}` },
  });
  return [];
}

interface OvalWriter {
  addDefinition(id: string, advisory: Advisory, criteria: readonly Criterion[]): void;
  render(timestamp: string): string;
}

/** Collects definitions, tests, objects and states, sharing identical ones by content. */
function createOvalWriter(ns: string, probe: OvalProbe): OvalWriter {
  const t = ovalTags(probe);
  const defs: string[] = [];
  const ids = {
    tst: new Map<string, string>(),
    obj: new Map<string, string>(),
    ste: new Map<string, string>(),
  };
  const xml = { tst: [] as string[], obj: [] as string[], ste: [] as string[] };

  /** Id of the element `kind` with content key `key`, rendering it on first use. */
  function intern(kind: 'tst' | 'obj' | 'ste', key: string, make: (id: string) => string): string {
    const hit = ids[kind].get(key);
    if (hit) return hit;
    const id = `${ns}:${kind}:${ids[kind].size + 1}`;
    ids[kind].set(key, id);
    xml[kind].push(make(id));
    return id;
  }

  function object(pkg: string): string {
    return intern(
      'obj',
      pkg,
      (id) =>
        `<linux-def:${t.object} id="${id}" version="1">` +
        `<linux-def:name>${xmlText(pkg)}</linux-def:name></linux-def:${t.object}>`,
    );
  }

  function state(
    op: string | undefined,
    version: string | undefined,
    arch?: readonly string[],
  ): string {
    const archXml = arch
      ? `<linux-def:arch operation="pattern match">^(?:${arch.map(escapeRegex).join('|')})$</linux-def:arch>`
      : '';
    const evrXml =
      op && version !== undefined
        ? `<linux-def:evr datatype="${t.datatype}" operation="${op}">${xmlText(ovalEvr(version))}</linux-def:evr>`
        : '';
    return intern(
      'ste',
      archXml + evrXml,
      (id) =>
        `<linux-def:${t.state} id="${id}" version="1">${archXml}${evrXml}</linux-def:${t.state}>`,
    );
  }

  function test(pkg: string, entry: AffectedPackage): string {
    const obj = object(pkg);
    const arch = entry.arch && entry.arch.length > 0 ? entry.arch : undefined;
    const states: string[] = [];
    if (entry.status === 'fixed') states.push(state('less than', entry.fixed, arch));
    if (entry.introduced !== undefined) {
      states.push(state('greater than or equal', entry.introduced, arch));
    }
    if (states.length === 0 && arch) states.push(state(undefined, undefined, arch));
    const refs = states.map((s) => `<linux-def:state state_ref="${s}"/>`).join('');
    return intern(
      'tst',
      `${obj}|${states.join('|')}`,
      (id) =>
        `<linux-def:${t.test} id="${id}" version="1" check="at least one"` +
        ` check_existence="at_least_one_exists" state_operator="AND" comment="${xmlAttr(pkg)}">` +
        `<linux-def:object object_ref="${obj}"/>${refs}</linux-def:${t.test}>`,
    );
  }

  function addDefinition(id: string, advisory: Advisory, criteria: readonly Criterion[]): void {
    const refs = criteria.map(({ pkg, entry }) => {
      const what =
        entry.status === 'fixed' ? `is earlier than ${entry.fixed ?? ''}` : 'is installed';
      return `<criterion test_ref="${test(pkg, entry)}" comment="${xmlAttr(`${pkg} ${what}`)}"/>`;
    });
    const cves = advisory.cves.map((c) => `<reference source="CVE" ref_id="${xmlAttr(c)}"/>`);
    defs.push(
      `<definition class="vulnerability" id="${id}" version="1"><metadata>` +
        `<title>${xmlText(advisory.id)}</title>` +
        `<affected family="unix"><platform>${xmlText(criteria[0]!.entry.platform)}</platform></affected>` +
        `<reference source="${xmlAttr(advisory.source)}" ref_id="${xmlAttr(advisory.id)}"/>${cves.join('')}` +
        `<description>${xmlText(advisory.title ?? advisory.id)}</description></metadata>` +
        `<criteria operator="OR">${refs.join('')}</criteria></definition>`,
    );
  }

  function render(timestamp: string): string {
    return [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<oval_definitions xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5"' +
        ' xmlns:oval="http://oval.mitre.org/XMLSchema/oval-common-5"' +
        ' xmlns:linux-def="http://oval.mitre.org/XMLSchema/oval-definitions-5#linux">',
      '<generator><oval:product_name>patchline engine/oracles</oval:product_name>' +
        '<oval:schema_version>5.11.2</oval:schema_version>' +
        `<oval:timestamp>${xmlText(timestamp)}</oval:timestamp></generator>`,
      `<definitions>\n${defs.join('\n')}\n</definitions>`,
      `<tests>\n${xml.tst.join('\n')}\n</tests>`,
      `<objects>\n${xml.obj.join('\n')}\n</objects>`,
      ...(xml.ste.length > 0 ? [`<states>\n${xml.ste.join('\n')}\n</states>`] : []),
      '</oval_definitions>',
      '',
    ].join('\n');
  }

  return { addDefinition, render };
}

function escapeRegex(s: string): string {
  return xmlText(s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}

/**
 * Source package → the installed binaries whose version OVAL can stand in for the source
 * version: equal to it, or a binNMU of it (`<source version>+bN`). Binaries of unrelated version
 * (gcc-defaults 1.203 builds cpp 4:12.2.0-3) are left out: no OVAL dpkginfo test can express
 * the source comparison for them.
 */
export function comparableBinaries(packages: readonly InstalledPackage[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of packages) {
    const same = p.version === p.sourceVersion || p.version.startsWith(`${p.sourceVersion}+b`);
    if (!same) continue;
    const list = out.get(p.sourceName);
    if (!list) out.set(p.sourceName, [p.name]);
    else if (!list.includes(p.name)) list.push(p.name);
  }
  return out;
}
