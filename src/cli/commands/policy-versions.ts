import type { Command } from 'commander';
import {
  activatePolicy,
  diffPolicyVersions,
  listPolicyVersions,
  readPolicyBundle,
  structureSummaryLines,
  uploadPolicy,
} from '../../app/policy-versions/index.js';
import type { Diagnostic } from '../../domain/diagnostics.js';
import { AppError, ErrorCode, isAppError } from '../../domain/errors.js';
import type { CliContext } from '../context.js';
import { printJson, renderTable } from '../output.js';

/**
 * Registers `policy upload FILE|DIR [--comment]`, `policy versions`, `policy activate N` and
 * `policy diff A B` under `policy`: policies held in the store, used when no file is named.
 */
export function registerPolicyVersions(policy: Command, ctx: CliContext): void {
  const { io } = ctx;
  policy
    .command('upload')
    .description('Validate a policy file or directory and store it as a new version')
    .argument('<path>', 'policy YAML file, or a directory of them')
    .option('--comment <text>', 'what changed, kept with the version')
    .option('--json', 'print JSON for scripts')
    .action((path: string, flags: { comment?: string; json?: boolean }) =>
      ctx.withStore(async (store) => {
        const bundle = readPolicyBundle(path, ctx.config.maxInputBytes);
        const r = await uploadPolicy(store, {
          bundle,
          ...(flags.comment !== undefined && { comment: flags.comment }),
          principal: ctx.principal,
          now: ctx.clock.now(),
          maxInputBytes: ctx.config.maxInputBytes,
        }).catch((e: unknown) => {
          if (!flags.json) printDiagnostics(e, (line) => io.out(line));
          throw e;
        });
        if (flags.json) {
          printJson(io, r);
          return;
        }
        for (const d of r.diagnostics) io.out(renderDiagnostic(d));
        const v = r.version;
        io.out(
          r.created
            ? `stored policy version ${v.version} (sha256 ${v.policyHash}); activate it with: patchline policy activate ${v.version}`
            : `the same policy is stored already as version ${v.version}; nothing stored`,
        );
      }),
    );
  policy
    .command('versions')
    .description('List the stored policy versions, the active one marked')
    .option('--json', 'print JSON for scripts')
    .action((flags: { json?: boolean }) =>
      ctx.withStore(async (store) => {
        const list = await listPolicyVersions(store);
        if (flags.json) {
          printJson(io, list);
          return;
        }
        if (list.length === 0) {
          io.out('no policy stored; upload one with: patchline policy upload FILE');
          return;
        }
        io.out(
          renderTable(
            ['version', 'active', 'uploaded', 'by', 'sha256', 'comment'],
            list.map((v) => [
              v.version,
              v.active ? 'active' : '',
              v.uploadedAt,
              v.uploadedBy,
              v.policyHash.slice(0, 12),
              v.comment ?? '',
            ]),
          ),
        );
      }),
    );
  policy
    .command('activate')
    .description('Make a stored version the policy commands use when no file is named')
    .argument('<version>', 'version number')
    .option('--json', 'print JSON for scripts')
    .action((version: string, flags: { json?: boolean }) =>
      ctx.withStore(async (store) => {
        const r = await activatePolicy(store, versionNumber(version), ctx.principal);
        if (flags.json) printJson(io, r);
        else if (!r.changed) io.out(`policy version ${r.after} is active already`);
        else io.out(`policy version ${r.after} is active (was ${r.before ?? 'none'})`);
      }),
    );
  policy
    .command('diff')
    .description('Show how two stored versions differ: a unified diff and the sections changed')
    .argument('<from>', 'version number')
    .argument('<to>', 'version number')
    .option('--json', 'print JSON for scripts')
    .action((from: string, to: string, flags: { json?: boolean }) =>
      ctx.withStore(async (store) => {
        const d = await diffPolicyVersions(store, versionNumber(from), versionNumber(to));
        if (flags.json) {
          printJson(io, d);
          return;
        }
        if (d.unified !== '') io.out(d.unified.trimEnd());
        const summary = structureSummaryLines(d.structure);
        if (d.unified === '' && summary.length === 0) {
          io.out(`versions ${d.from} and ${d.to} are the same`);
          return;
        }
        if (d.unified !== '') io.out('');
        for (const line of summary.length > 0 ? summary : ['no section changed']) io.out(line);
      }),
    );
}

function versionNumber(text: string): number {
  const n = Number(text.replace(/^v/i, ''));
  if (!Number.isInteger(n) || n < 1) {
    throw new AppError(ErrorCode.InputInvalid, `${text}: a policy version number like 3`);
  }
  return n;
}

function printDiagnostics(e: unknown, out: (line: string) => void): void {
  if (!isAppError(e) || e.code !== ErrorCode.PolicyInvalid) return;
  const list = e.details?.diagnostics;
  if (!Array.isArray(list)) return;
  for (const d of list as Diagnostic[]) out(renderDiagnostic(d));
}

/** `file:line:col: message`, as `policy check` prints. */
function renderDiagnostic(d: Diagnostic): string {
  const { file = '', line = 0, column = 0 } = d.location;
  return `${file}:${line}:${column}: ${d.severity === 'warning' ? 'warning: ' : ''}${d.message}`;
}
