import { parse as parseYaml } from 'yaml';
import { AffectedStatus, Classification } from '../../domain/index.js';
import type { Advisory } from '../../domain/index.js';
import { decodeText, diagnosticSink, invalidDocument, pointer } from '../common/document.js';
import { looseIndexed } from '../common/loose.js';
import { cveIds, unratedSeverity } from '../common/severity.js';
import { placed } from '../common/where.js';
import type { ParseOutcome, RawAdvisoryInput } from '../types.js';
import { SecdbDocument, SecdbPackage } from './schema.js';

const source = 'alpine-secdb';

/**
 * Alpine secdb (JSON, or the older YAML form) → one Advisory per (branch, package, fixed version):
 * that is the unit Alpine publishes and the one a fixed-version match needs. Id
 * `alpine:3.16/main/apache2@2.4.35-r0`. Fixed version "0" means the package was never affected.
 * Alpine rates nothing, so advisories are unrated (README.md).
 */
export function parseAlpineSecdb(raw: RawAdvisoryInput): ParseOutcome {
  const doc = SecdbDocument.safeParse(readDocument(raw));
  if (!doc.success) {
    const issue = doc.error.issues[0];
    const at = pointer((issue?.path ?? []).map(String)) || '/';
    throw invalidDocument(raw.name, `is not an Alpine secdb (${at}: ${issue?.message ?? ''})`);
  }
  const sink = diagnosticSink(source, raw.name);
  const release = doc.data.distroversion.replace(/^v/, '');
  const repo = doc.data.reponame ?? 'main';
  const platform = `alpine:${release}`;
  const advisories: Advisory[] = [];
  for (const [n, { pkg }] of looseIndexed(
    SecdbPackage,
    doc.data.packages,
    ['packages'],
    sink,
    pkgName,
  )) {
    for (const [version, ids] of Object.entries(pkg.secfixes)) {
      const fixed = version.trim();
      const at = pointer(['packages', n, 'pkg', 'secfixes', version]);
      if (!/^\d/.test(fixed)) {
        sink.error(`invalid fixed version "${version}" skipped`, { pointer: at, record: pkg.name });
        continue;
      }
      const notAffected = fixed === '0';
      advisories.push({
        id: `alpine:${release}/${repo}/${pkg.name}@${fixed}`,
        source,
        severity: unratedSeverity,
        cves: cveIds((ids ?? []).filter((s): s is string => typeof s === 'string')),
        classification: Classification.Security,
        affected: [
          placed(
            {
              kind: 'package',
              platform,
              package: pkg.name,
              packageKind: 'source',
              ...(notAffected
                ? { status: AffectedStatus.NotAffected }
                : { status: AffectedStatus.Fixed, fixed }),
            },
            { pointer: at },
          ),
        ],
      });
    }
  }
  return { advisories, diagnostics: sink.diagnostics };
}

function readDocument(raw: RawAdvisoryInput): unknown {
  const text = decodeText(raw.bytes, raw.name);
  try {
    if (text.trimStart().startsWith('{')) return JSON.parse(text) as unknown;
    // failsafe: every scalar stays a string, so `1.10-r0` is not read as a number.
    return parseYaml(text, { schema: 'failsafe', maxAliasCount: 100 }) as unknown;
  } catch (cause) {
    throw invalidDocument(raw.name, `cannot be read (${(cause as Error).message})`, cause);
  }
}

function pkgName(item: unknown): string | undefined {
  const pkg = (item as { pkg?: { name?: unknown } } | null)?.pkg;
  return typeof pkg?.name === 'string' ? pkg.name : undefined;
}
