import type { Cvss } from '../../domain/index.js';

const av: Record<string, number> = { N: 0.85, A: 0.62, L: 0.55, P: 0.2 };
const ac: Record<string, number> = { L: 0.77, H: 0.44 };
const ui: Record<string, number> = { N: 0.85, R: 0.62 };
const cia: Record<string, number> = { H: 0.56, L: 0.22, N: 0 };

/**
 * Base score of a CVSS v3.0/v3.1 vector (FIRST CVSS v3.1 specification §7.1 and Appendix A
 * `Roundup`). Returns undefined for anything that is not a complete v3 base vector; v2 and v4
 * vectors are not scored here (their vendors publish the score alongside).
 */
export function cvss3FromVector(vector: string): Cvss | undefined {
  const m = /^CVSS:3\.([01])\/(.+)$/.exec(vector.trim());
  if (!m) return undefined;
  const metrics = new Map<string, string>();
  for (const part of (m[2] ?? '').split('/')) {
    const [k, v] = part.split(':');
    if (k && v) metrics.set(k, v);
  }
  const scope = metrics.get('S');
  const pr = metrics.get('PR');
  const vAv = av[metrics.get('AV') ?? ''];
  const vAc = ac[metrics.get('AC') ?? ''];
  const vUi = ui[metrics.get('UI') ?? ''];
  const vC = cia[metrics.get('C') ?? ''];
  const vI = cia[metrics.get('I') ?? ''];
  const vA = cia[metrics.get('A') ?? ''];
  const prValue = privilegesRequired(pr, scope === 'C');
  if (
    vAv === undefined ||
    vAc === undefined ||
    vUi === undefined ||
    vC === undefined ||
    vI === undefined ||
    vA === undefined ||
    prValue === undefined ||
    (scope !== 'U' && scope !== 'C')
  ) {
    return undefined;
  }
  const iss = 1 - (1 - vC) * (1 - vI) * (1 - vA);
  const impact =
    scope === 'U' ? 6.42 * iss : 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15);
  const exploitability = 8.22 * vAv * vAc * prValue * vUi;
  let score = 0;
  if (impact > 0) {
    const raw = scope === 'U' ? impact + exploitability : 1.08 * (impact + exploitability);
    score = roundUp(Math.min(raw, 10));
  }
  return { version: m[1] === '0' ? '3.0' : '3.1', score, vector: vector.trim() };
}

function privilegesRequired(pr: string | undefined, changed: boolean): number | undefined {
  if (pr === 'N') return 0.85;
  if (pr === 'L') return changed ? 0.68 : 0.62;
  if (pr === 'H') return changed ? 0.5 : 0.27;
  return undefined;
}

/** CVSS v3.1 Appendix A: smallest one-decimal number >= x, robust to float error. */
function roundUp(x: number): number {
  const i = Math.round(x * 100000);
  return i % 10000 === 0 ? i / 100000 : (Math.floor(i / 10000) + 1) / 10;
}
