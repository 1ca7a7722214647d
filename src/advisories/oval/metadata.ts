import type { Cvss } from '../../domain/index.js';
import type { XmlElement } from '../common/xml.js';
import { OvalCve, OvalReference } from './schema.js';

/** What a definition's `<metadata>` says, across the Red Hat, Ubuntu and Debian dialects. */
export interface DefinitionMetadata {
  readonly title?: string;
  readonly references: readonly OvalReference[];
  readonly platforms: readonly string[];
  readonly cpes: readonly string[];
  readonly severity?: string;
  readonly issued?: string;
  readonly updated?: string;
  /** Ubuntu `<public_date>`, Debian `<debian><date>`. */
  readonly otherDate?: string;
  readonly cves: readonly OvalCve[];
  /** Red Hat `<resolution state="Will not fix"><component>tar</component>`: component → state. */
  readonly resolutions: ReadonlyMap<string, string>;
}

const kids = (el: XmlElement | undefined, name: string): XmlElement[] =>
  el ? el.children.filter((c) => c.name === name) : [];
const kid = (el: XmlElement | undefined, name: string): XmlElement | undefined =>
  el?.children.find((c) => c.name === name);
const text = (el: XmlElement | undefined): string | undefined => el?.text.trim() || undefined;

/** Reads `<metadata>`; fields a vendor does not write are left out. Never throws. */
export function readMetadata(definition: XmlElement): DefinitionMetadata {
  const md = kid(definition, 'metadata');
  const adv = kid(md, 'advisory');
  const resolutions = new Map<string, string>();
  for (const aff of kids(adv, 'affected')) {
    for (const res of kids(aff, 'resolution')) {
      const state = res.attrs['state'];
      if (!state) continue;
      for (const c of kids(res, 'component')) {
        if (c.text.trim()) resolutions.set(c.text.trim(), state);
      }
    }
  }
  const references = kids(md, 'reference').flatMap((r) => {
    const ok = OvalReference.safeParse(r.attrs);
    return ok.success ? [ok.data] : [];
  });
  const cves = kids(adv, 'cve').flatMap((c) => {
    const ok = OvalCve.safeParse({ ...c.attrs, id: c.text.trim() });
    return ok.success ? [ok.data] : [];
  });
  const title = text(kid(md, 'title'));
  const severity = text(kid(adv, 'severity'));
  const issued = kid(adv, 'issued')?.attrs['date'];
  const updated = kid(adv, 'updated')?.attrs['date'];
  const otherDate = text(kid(adv, 'public_date')) ?? text(kid(kid(md, 'debian'), 'date'));
  return {
    ...(title ? { title } : {}),
    references,
    platforms: kids(md, 'affected').flatMap((a) => kids(a, 'platform').map((p) => p.text.trim())),
    cpes: kids(kid(adv, 'affected_cpe_list'), 'cpe').map((c) => c.text.trim()),
    ...(severity ? { severity } : {}),
    ...(issued ? { issued } : {}),
    ...(updated ? { updated } : {}),
    ...(otherDate ? { otherDate } : {}),
    cves,
    resolutions,
  };
}

/**
 * CVSS of one `<cve>`: Red Hat writes `cvss3="7.0/CVSS:3.1/AV:L/…"` (score, then vector) and
 * `cvss2="5.0/AV:N/…"`; Ubuntu writes `cvss_score` and `cvss_vector`.
 */
export function cvssOf(cve: OvalCve): Cvss[] {
  const out: Cvss[] = [];
  const split = (s: string, fallback: '2.0' | '3.1'): void => {
    const i = s.indexOf('/');
    const score = Number(i < 0 ? s : s.slice(0, i));
    const vector = i < 0 ? undefined : s.slice(i + 1);
    if (!Number.isFinite(score) || score < 0 || score > 10) return;
    out.push({ version: versionOf(vector, fallback), score, ...(vector ? { vector } : {}) });
  };
  if (cve.cvss3) split(cve.cvss3, '3.1');
  if (cve.cvss2) split(cve.cvss2, '2.0');
  if (cve.cvss_score !== undefined) {
    const score = Number(cve.cvss_score);
    const vector = cve.cvss_vector;
    if (Number.isFinite(score) && score >= 0 && score <= 10) {
      out.push({ version: versionOf(vector, '3.1'), score, ...(vector ? { vector } : {}) });
    }
  }
  return out;
}

function versionOf(vector: string | undefined, fallback: '2.0' | '3.1'): Cvss['version'] {
  const m = /^CVSS:(3\.0|3\.1|4\.0)\//.exec(vector ?? '');
  return (m?.[1] as Cvss['version'] | undefined) ?? fallback;
}

/**
 * An ISO 8601 timestamp from the date forms these feeds use: `2022-05-27`, `20231218` (Red Hat
 * and Ubuntu `public`), `2023-12-18 15:00:00 UTC` (Ubuntu `public_date`). Undefined otherwise.
 */
export function isoDate(text: string | undefined): string | undefined {
  const t = text?.trim();
  if (!t) return undefined;
  let iso: string | undefined;
  let m = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (m) iso = `${m[1]}-${m[2]}-${m[3]}T00:00:00Z`;
  m ??= /^(\d{4}-\d{2}-\d{2})$/.exec(t);
  if (!iso && m) iso = `${m[1]}T00:00:00Z`;
  const utc = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?: ?UTC|Z)?$/.exec(t);
  if (!iso && utc) iso = `${utc[1]}T${utc[2]}Z`;
  if (!iso) return undefined;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
