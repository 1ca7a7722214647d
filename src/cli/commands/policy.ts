import type { Command } from 'commander';
import type { Diagnostic } from '../../domain/diagnostics.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import { checkPolicyAt, policySchemaText, type Policy } from '../../app/policy.js';
import type { CliContext } from '../context.js';
import { registerPolicyVersions } from './policy-versions.js';
import { printJson, type Io } from '../output.js';

/**
 * Registers `patchline policy check FILE|DIR [--json]`, `patchline policy schema` and the
 * stored versions' commands (`policy-versions.ts`). The
 * context's clock (`--at`, `PATCHLINE_NOW`) dates the expired-waiver warnings.
 */
export function registerPolicy(program: Command, ctx: CliContext): void {
  const { io } = ctx;
  const policy = program
    .command('policy')
    .description('Validate the patching policy; upload, list, diff and activate stored versions');
  policy
    .command('check')
    .description('Validate a policy file or directory; print every problem as file:line:col')
    .argument('<path>', 'policy YAML file, or a directory of them')
    .option('--json', 'print JSON for scripts')
    .action((path: string, flags: { json?: boolean }) => {
      runCheck(path, flags.json === true, io, ctx.clock.now(), ctx.config.maxInputBytes);
    });
  policy
    .command('schema')
    .description('Print the JSON Schema of the policy file, for editors')
    .option('--json', 'the schema is JSON already; accepted for scripts that always pass it')
    .action(() => {
      io.out(policySchemaText());
    });
  registerPolicyVersions(policy, ctx);
}

function runCheck(path: string, json: boolean, io: Io, now: Date, maxInputBytes: number): void {
  const result = checkPolicyAt(path, now, maxInputBytes);
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  if (json) {
    printJson(io, {
      valid: result.policy !== undefined,
      hash: result.policy?.hash ?? null,
      files: result.files,
      problems: result.diagnostics.map((d) => ({
        ...d.location,
        severity: d.severity,
        message: d.message,
      })),
    });
  } else {
    for (const d of result.diagnostics) io.out(renderProblem(d));
    if (result.policy) io.out(summary(path, result.policy));
  }
  if (errors > 0) {
    throw new AppError(
      ErrorCode.PolicyInvalid,
      `${errors} problem${errors === 1 ? '' : 's'} in policy ${path}`,
    );
  }
}

/** `file:line:col: message`, the form editors and CI annotations parse. */
export function renderProblem(d: Diagnostic): string {
  const { file = '', line = 0, column = 0 } = d.location;
  const tag = d.severity === 'warning' ? 'warning: ' : '';
  return `${file}:${line}:${column}: ${tag}${d.message}`;
}

function summary(path: string, p: Policy): string {
  const count = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
  return [
    `${path}: valid policy, version ${p.version}, sha256 ${p.hash}`,
    `  ${count(p.tiers.length, 'tier')} (${p.tiers.map((t) => t.name).join(', ')}), ` +
      `${count(p.assignment.rules.length, 'assignment rule')}, default ${p.assignment.default}`,
    `  ${count(p.windows.length, 'window')}, ${count(p.freezes.length, 'freeze')}, ` +
      `${count(p.waivers.length, 'waiver')}, ${count(p.approval.rules.length, 'approval rule')}`,
  ].join('\n');
}
