import { expect } from 'vitest';
import { isAppError, parsePlatform, Severity } from '../../domain/index.js';
import type { Advisory } from '../../domain/index.js';
import type { AdvisorySource, ParseOutcome, RawAdvisoryInput } from '../types.js';

const severities = new Set<string>(Object.values(Severity));

/** What every parser output must satisfy, whatever the input (conformance and fuzz tests). */
export function expectWellFormed(outcome: ParseOutcome, file: string): void {
  expect(Array.isArray(outcome.advisories)).toBe(true);
  for (const d of outcome.diagnostics) {
    expect(d.location.file).toBe(file);
    expect(['error', 'warning']).toContain(d.severity);
  }
  for (const a of outcome.advisories) expectAdvisory(a);
}

function expectAdvisory(a: Advisory): void {
  expect(typeof a.id).toBe('string');
  expect(a.id.length).toBeGreaterThan(0);
  expect(severities.has(a.severity)).toBe(true);
  for (const cve of a.cves) expect(cve).toMatch(/^CVE-\d{4}-\d{4,}$/);
  for (const e of a.affected) {
    if (e.platform !== 'windows') expect(() => parsePlatform(e.platform)).not.toThrow();
    if (e.status === 'fixed' && e.kind === 'package') expect(e.fixed).toBeTruthy();
  }
}

/** Parses and checks; a throw must be a typed AppError. Returns false when it threw. */
export function parseChecked(source: AdvisorySource, raw: RawAdvisoryInput): boolean {
  let outcome: ParseOutcome;
  try {
    outcome = source.parse(raw);
  } catch (e) {
    if (!isAppError(e)) throw e;
    return false;
  }
  expectWellFormed(outcome, raw.name);
  return true;
}
