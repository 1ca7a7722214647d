import { SlaState } from '../../../policy/sla/index.js';
import type { AtRiskFinding } from '../../report-types.js';
import { EventType } from '../event-types.js';
import type { Detection } from './types.js';

/**
 * `sla.due-soon` and `sla.breached` from compliance's at-risk rows (overdue and due-soon
 * findings). Keyed by asset, advisory, package and due date: each finding is announced once
 * as due soon and once as breached; a due date that moves (a freeze, a policy change) counts
 * as a new deadline.
 */
export function detectSlaChanges(atRisk: Iterable<AtRiskFinding>): Detection[] {
  const out: Detection[] = [];
  for (const f of atRisk) {
    const type =
      f.state === SlaState.Overdue
        ? EventType.SlaBreached
        : f.state === SlaState.DueSoon
          ? EventType.SlaDueSoon
          : undefined;
    if (type === undefined) continue;
    out.push({
      type,
      key: `${f.asset}/${f.advisory}/${f.package}@${f.due}`,
      subject: `${f.kind === 'image' ? 'image' : 'asset'}/${f.asset}`,
      data: {
        asset: f.asset,
        kind: f.kind,
        tier: f.tier,
        image: f.image,
        advisory: f.advisory,
        package: f.package,
        severity: f.severity,
        cves: f.cves,
        state: f.state,
        due: f.due,
        clockStart: f.clockStart,
        ...(f.noWindow && { noWindow: true }),
        ...(f.freeze !== null && { freeze: f.freeze }),
        ...(f.knownExploited === true && { knownExploited: true }),
      },
    });
  }
  return out;
}
