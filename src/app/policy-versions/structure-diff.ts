import { canonicalJson, type PolicyDocument } from '../../policy/index.js';

/** What one section gained, lost and changed, by name (rules: by 1-based position). */
export interface SectionChanges {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly string[];
}

/** The structural difference of two policies, section by section. */
export interface PolicyStructureDiff {
  readonly tiers: SectionChanges;
  readonly assignmentRules: SectionChanges;
  readonly approvalRules: SectionChanges;
  readonly windows: SectionChanges;
  readonly freezes: SectionChanges;
  readonly waivers: SectionChanges;
  /** Other settings whose value differs: `assignment.default`, `approval.approve`, `images` … */
  readonly settings: readonly string[];
}

/** Compares two validated policies; values are compared by their canonical JSON. */
export function structureDiff(a: PolicyDocument, b: PolicyDocument): PolicyStructureDiff {
  const byName = <T extends { name: string }>(l: readonly T[]) => keyed(l, (x) => x.name);
  const byPosition = <T>(l: readonly T[]) => keyed(l, (_, i) => String(i + 1));
  const settings: [string, unknown, unknown][] = [
    ['assignment.default', a.assignment.default, b.assignment.default],
    ['approval.approve', a.approval.approve, b.approval.approve],
    ['approval.reject', a.approval.reject, b.approval.reject],
    ['images', a.images, b.images],
    ['sla', a.sla, b.sla],
    ['eol', a.eol, b.eol],
    ['waiverApprovals', a.waiverApprovals, b.waiverApprovals],
  ];
  return {
    tiers: section(byName(a.tiers), byName(b.tiers)),
    assignmentRules: section(byPosition(a.assignment.rules), byPosition(b.assignment.rules)),
    approvalRules: section(byPosition(a.approval.rules), byPosition(b.approval.rules)),
    windows: section(byName(a.windows), byName(b.windows)),
    freezes: section(byName(a.freezes), byName(b.freezes)),
    waivers: section(
      keyed(a.waivers, (w) => w.id),
      keyed(b.waivers, (w) => w.id),
    ),
    settings: settings
      .filter(([, x, y]) => canonicalJson(x ?? null) !== canonicalJson(y ?? null))
      .map(([name]) => name),
  };
}

/** `tiers: +1 (dev) -0 ~1 (prod)` lines for the sections that changed; none when equal. */
export function structureSummaryLines(d: PolicyStructureDiff): string[] {
  const out: string[] = [];
  const sections: [string, SectionChanges][] = [
    ['tiers', d.tiers],
    ['assignment rules', d.assignmentRules],
    ['approval rules', d.approvalRules],
    ['windows', d.windows],
    ['freezes', d.freezes],
    ['waivers', d.waivers],
  ];
  for (const [name, c] of sections) {
    const parts = [
      ...(c.added.length > 0 ? [`added ${c.added.join(', ')}`] : []),
      ...(c.removed.length > 0 ? [`removed ${c.removed.join(', ')}`] : []),
      ...(c.changed.length > 0 ? [`changed ${c.changed.join(', ')}`] : []),
    ];
    if (parts.length > 0) out.push(`${name}: ${parts.join('; ')}`);
  }
  if (d.settings.length > 0) out.push(`settings changed: ${d.settings.join(', ')}`);
  return out;
}

function keyed<T>(list: readonly T[], key: (x: T, i: number) => string): Map<string, string> {
  return new Map(list.map((x, i) => [key(x, i), canonicalJson(x)]));
}

function section(a: Map<string, string>, b: Map<string, string>): SectionChanges {
  return {
    added: [...b.keys()].filter((k) => !a.has(k)),
    removed: [...a.keys()].filter((k) => !b.has(k)),
    changed: [...a.keys()].filter((k) => b.has(k) && b.get(k) !== a.get(k)),
  };
}
