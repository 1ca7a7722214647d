import type { Inventory } from '../domain/inventory.js';
import type { Compare } from './evaluate.js';
import { FindingStatus, MatchRule, type Finding } from './types.js';

const rpmKernel = /^kernel(?:-core|-modules(?:-core|-extra)?|-rt(?:-core)?)?$/;
const debKernelImage = /^linux-image-\d/;
const archSuffix = /\.(?:x86_64|aarch64|ppc64le|s390x|i686|noarch)$/;

/**
 * Only the running kernel is exposed. A kernel finding is judged against the running kernel's
 * version (`uname -r`): if the running kernel is fixed, older installed kernels are not a
 * finding; if it is affected while a fixed kernel is installed, the finding is
 * `fixed-pending-reboot`; otherwise it stays open.
 *
 * Running version: RPM `uname -r` is the kernel package's version-release plus `.arch`;
 * on Debian/Ubuntu it names the image package `linux-image-<uname -r>`, whose version is read
 * from the inventory.
 */
export function applyRunningKernel(
  findings: Finding[],
  inventory: Inventory,
  compare: Compare,
): Finding[] {
  const running = runningKernelVersion(inventory);
  if (running === undefined) return findings;
  const kernels = inventory.packages.filter((p) => isKernelPackage(p.name));
  const out: Finding[] = [];
  for (const f of findings) {
    if (!isKernelPackage(f.package) || f.fixed === undefined || f.status !== FindingStatus.Open) {
      out.push(f);
      continue;
    }
    const fixed = f.fixed;
    let runningFixed: boolean;
    try {
      runningFixed = compare(running, fixed) >= 0;
    } catch (err) {
      out.push({
        ...f,
        status: FindingStatus.Unverifiable,
        reason: `cannot compare the running kernel: ${(err as Error).message}`,
      });
      continue;
    }
    if (runningFixed) continue;
    const fixedInstalled = kernels.some((k) => atLeast(compare, versionFor(f, k), fixed));
    if (!fixedInstalled) {
      out.push(f);
      continue;
    }
    out.push({
      ...f,
      installed: running,
      status: FindingStatus.FixedPendingReboot,
      evidence: { ...f.evidence, rule: MatchRule.RunningKernel, installed: running },
    });
  }
  return out;
}

export function isKernelPackage(name: string): boolean {
  return rpmKernel.test(name) || debKernelImage.test(name);
}

function runningKernelVersion(inv: Inventory): string | undefined {
  const rk = inv.runningKernel;
  if (rk === undefined || rk === '') return undefined;
  if (inv.format === 'rpm') return rk.replace(archSuffix, '');
  const image = inv.packages.find((p) => p.name === `linux-image-${rk}`);
  return image?.sourceVersion;
}

function versionFor(f: Finding, k: { version: string; sourceVersion: string }): string {
  return f.evidence.rule === MatchRule.SourcePackage ? k.sourceVersion : k.version;
}

/** `a >= b`; an installed kernel whose version cannot be read does not count as fixed. */
function atLeast(compare: Compare, a: string, b: string): boolean {
  try {
    return compare(a, b) >= 0;
  } catch {
    return false;
  }
}
