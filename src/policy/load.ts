import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type { Diagnostic } from '../domain/diagnostics.js';
import { AppError, ErrorCode } from '../domain/errors.js';
import {
  defaultMaxInputBytes,
  formatBytes,
  inputPathKind,
  maxInputBytesVariable,
  readInputFileSync,
} from '../util/read-input.js';
import { runChecks } from './checks/index.js';
import { contentHash } from './hash.js';
import { mergeParts, type Part } from './merge.js';
import { migrate, type Migrated } from './migrations/index.js';
import { fastYamlValue } from './fast-yaml.js';
import { salvage } from './salvage.js';
import { currentPolicyVersion, PolicySchema, type Policy } from './schema.js';
import { firstAlias, locate, parseYaml, type PathKey, type SourceFile } from './source-map.js';

/** Inline policy text; `file` names it in messages (default `<text>`). */
export interface PolicySource {
  readonly text: string;
  readonly file?: string;
}

/** Every problem found, in file order, and the policy when there were no errors. */
export interface PolicyCheck {
  readonly policy?: Policy;
  readonly diagnostics: readonly Diagnostic[];
  readonly files: readonly string[];
}

export interface CheckOptions {
  /** Today, from the caller's Clock: adds warnings for expired and future-dated waivers. */
  readonly now?: Date;
  /** Largest policy file or text read (`AppConfig.maxInputBytes`). @default 256 MiB */
  readonly maxInputBytes?: number;
}

/**
 * Aliases expanded per file; YAML's anchors let a few lines name billions of nodes ("billion
 * laughs"), and a policy has no use for more than a handful.
 */
export const maxPolicyAliases = 100;

interface FilePart {
  readonly src: SourceFile;
  readonly migrated: Migrated;
}

/**
 * What a policy is read from: a path (file or directory), inline text, or a bundle of inline
 * texts merged in the order given, as a directory's files are.
 */
export type PolicyInput = string | PolicySource | readonly PolicySource[];

/**
 * Reads a policy from a YAML file, a directory of `*.yaml`/`*.yml` files (merged in name order),
 * inline text (a `PolicySource`, or a string holding a newline) or a bundle of `PolicySource`s
 * (merged in the order given), migrates each file to the
 * current version, validates it, and reports every problem with file:line:column at once.
 */
export function checkPolicy(source: PolicyInput, opts: CheckOptions = {}): PolicyCheck {
  const inputs = readInputs(source, opts.maxInputBytes ?? defaultMaxInputBytes);
  const diagnostics: Diagnostic[] = [];
  const parts: FilePart[] = [];
  for (const input of inputs) {
    const part = readPart(input, diagnostics);
    if (part) parts.push(part);
  }
  const files = inputs.map((i) => i.file);
  if (parts.length < inputs.length || parts.length === 0) {
    if (parts.length === 0 && diagnostics.length === 0) {
      diagnostics.push({
        severity: 'error',
        message: 'no policy files found',
        location: { file: files[0] ?? '' },
      });
    }
    return { diagnostics, files };
  }
  const merged = mergeParts(parts.map((p, index): Part => ({ index, doc: p.migrated.doc })));
  const where = (path: readonly PathKey[], message: string, atKey = false): Diagnostic => {
    const o = merged.origin(path);
    const part = parts[o.part]!;
    return at(part.src, part.migrated.sourcePath(o.path), message, atKey);
  };
  for (const c of merged.conflicts) {
    const first = parts[c.first]!.src.file;
    diagnostics.push(
      at(parts[c.part]!.src, [c.key], `${c.key} is already defined in ${first}`, true),
    );
  }
  const parsed = PolicySchema.safeParse(merged.doc);
  if (!parsed.success) {
    diagnostics.push(...parsed.error.issues.flatMap((i) => issueDiagnostics(i, merged.doc, where)));
    const partial = salvage(merged.doc, parsed.error.issues);
    if (partial) {
      for (const p of runChecks(partial.doc, opts.now)) {
        const d = where(partial.originalPath(p.path), p.message, p.atKey);
        diagnostics.push({ ...d, severity: p.severity ?? 'error' });
      }
    }
    return { diagnostics: sortDiagnostics(diagnostics), files };
  }
  for (const p of runChecks(parsed.data, opts.now)) {
    diagnostics.push({ ...where(p.path, p.message, p.atKey), severity: p.severity ?? 'error' });
  }
  if (diagnostics.some((d) => d.severity === 'error')) {
    return { diagnostics: sortDiagnostics(diagnostics), files };
  }
  const policy: Policy = { ...parsed.data, hash: contentHash(parsed.data), sources: files };
  return { policy, diagnostics, files };
}

/** `checkPolicy`, throwing POLICY_INVALID (details.diagnostics holds every problem) on errors. */
export function loadPolicy(source: PolicyInput, opts: CheckOptions = {}): Policy {
  const result = checkPolicy(source, opts);
  if (result.policy) return result.policy;
  throw policyInvalidError(result);
}

/** POLICY_INVALID for a failed check: the first error located, every problem in details. */
export function policyInvalidError(result: PolicyCheck): AppError {
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  const first = errors[0];
  return new AppError(
    ErrorCode.PolicyInvalid,
    `${first?.message ?? 'invalid policy'}${errors.length > 1 ? ` (and ${errors.length - 1} more problems)` : ''}`,
    { ...(first && { location: first.location }), details: { diagnostics: result.diagnostics } },
  );
}

/** Parses and migrates one file; problems go to `diagnostics`. */
function readPart(
  input: { file: string; text: string },
  diagnostics: Diagnostic[],
): FilePart | undefined {
  const src = parseYaml(input.file, input.text);
  const fast = fastYamlValue(input.text);
  const value = fast ? fast.value : documentValue(src, diagnostics);
  if (value === failed) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    diagnostics.push(diag(src, 0, 'a policy file is a mapping with version, tiers, ...'));
    return undefined;
  }
  const migrated = migrate(value as Record<string, unknown>);
  if (typeof migrated !== 'string') return { src, migrated };
  diagnostics.push(at(src, ['version'], migrated));
  // Without a usable version, read the file as the current format to report the rest too.
  const version = (value as { version?: unknown }).version;
  if (typeof version === 'number' && version > currentPolicyVersion) return undefined;
  const doc = { ...(value as Record<string, unknown>), version: currentPolicyVersion };
  return { src, migrated: { doc, fromVersion: currentPolicyVersion, sourcePath: (p) => [...p] } };
}

const failed = Symbol('failed');

/** The `yaml` package's reading, for texts the fast path leaves: syntax errors, aliases. */
function documentValue(src: SourceFile, diagnostics: Diagnostic[]): unknown {
  if (src.doc.errors.length > 0) {
    for (const e of src.doc.errors) {
      diagnostics.push(diag(src, e.pos[0], e.message.split('\n')[0] ?? ''));
    }
    return failed;
  }
  try {
    return src.doc.toJS({ maxAliasCount: maxPolicyAliases });
  } catch (e) {
    // The yaml package throws a ReferenceError once aliases expand past maxAliasCount.
    if (!(e instanceof ReferenceError)) throw e;
    const message = `too many alias expansions (over ${maxPolicyAliases}): anchors and aliases nest too deep`;
    diagnostics.push(diag(src, firstAlias(src) ?? 0, message));
    return failed;
  }
}

function readInputs(source: PolicyInput, maxBytes: number): { file: string; text: string }[] {
  if (isBundle(source)) {
    return source.map((s) => ({
      file: s.file ?? '<text>',
      text: boundedText(s.text, s.file, maxBytes),
    }));
  }
  if (typeof source !== 'string') {
    return [
      { file: source.file ?? '<text>', text: boundedText(source.text, source.file, maxBytes) },
    ];
  }
  if (source.includes('\n')) {
    return [{ file: '<text>', text: boundedText(source, undefined, maxBytes) }];
  }
  const read = (file: string): string =>
    readInputFileSync(file, { maxBytes, what: 'policy' }).toString('utf8');
  if (inputPathKind(source, 'policy') === 'file') return [{ file: source, text: read(source) }];
  return readdirSync(source)
    .filter((n) => /\.ya?ml$/.test(n))
    .sort()
    .map((n) => ({ file: join(source, n), text: read(join(source, n)) }));
}

function isBundle(source: PolicyInput): source is readonly PolicySource[] {
  return Array.isArray(source);
}

/** Inline text under the same bound as a file (UTF-16 length, a lower bound on its bytes). */
function boundedText(text: string, file: string | undefined, maxBytes: number): string {
  if (text.length <= maxBytes) return text;
  throw new AppError(
    ErrorCode.InputInvalid,
    `policy ${file ?? '<text>'} is over the ${formatBytes(maxBytes)} input limit; raise ${maxInputBytesVariable} (bytes) to read it`,
    { location: { file: file ?? '<text>' } },
  );
}

function issueDiagnostics(
  issue: z.core.$ZodIssue,
  doc: unknown,
  where: (path: readonly PathKey[], message: string, atKey?: boolean) => Diagnostic,
): Diagnostic[] {
  const path = issue.path.filter((k): k is PathKey => typeof k !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((k) =>
      where([...path, k], `${pathText([...path, k])}: unknown key "${k}"`, true),
    );
  }
  const missing = issue.code === 'invalid_type' && valueAt(doc, path) === undefined;
  const message = missing ? 'is required' : issue.message;
  return [where(path, `${pathText(path)}: ${message}`, missing)];
}

function valueAt(doc: unknown, path: readonly PathKey[]): unknown {
  let v = doc;
  for (const k of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PathKey, unknown>)[k];
  }
  return v;
}

/** `tiers[0].deadlines.critical`, for messages. */
export function pathText(path: readonly PathKey[]): string {
  let out = '';
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : `${out ? '.' : ''}${k}`;
  return out || '(document)';
}

function pointer(path: readonly PathKey[]): string {
  return path.map((k) => `/${String(k).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

function at(src: SourceFile, path: readonly PathKey[], message: string, atKey = false): Diagnostic {
  const pos = locate(src, path, atKey);
  return {
    severity: 'error',
    message,
    location: { file: src.file, line: pos.line, column: pos.column, pointer: pointer(path) },
  };
}

function diag(src: SourceFile, offset: number, message: string): Diagnostic {
  const p = src.lines.linePos(offset);
  return { severity: 'error', message, location: { file: src.file, line: p.line, column: p.col } };
}

/** File order, then line and column: the order an editor shows them. */
function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  const files: string[] = [];
  for (const d of list) {
    if (!files.includes(d.location.file ?? '')) files.push(d.location.file ?? '');
  }
  return [...list].sort(
    (a, b) =>
      files.indexOf(a.location.file ?? '') - files.indexOf(b.location.file ?? '') ||
      (a.location.line ?? 0) - (b.location.line ?? 0) ||
      (a.location.column ?? 0) - (b.location.column ?? 0),
  );
}
