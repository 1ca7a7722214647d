import { describe, expect, it } from 'vitest';
import { checkPolicy } from './load.js';
import { locate, parseYaml } from './source-map.js';

const text = `version: 1
tiers:
  - name: prod
    deadlines: { critical: 3d, high: 7x, medium: 30d, low: 90d }
    maxWaiver: 30d
    colour: red
assignment:
  default: gold
windows:
  - name: sunday
    rrule: FREQ=WEEKLY;BYDAY=SU
    start: 2026-01-04T02:30
    duration: 2h
    timezone: Europe/Berln
waivers:
  - id: W-1
    scope: { assets: [db-01], cve: CVE-2024-6387 }
    reason: vendor certifies one build
    compensatingControl: bastion-only SSH
    owner: alice
    approver: alice
    created: 2026-11-10
    expires: 2026-12-05
`;

describe('policy/source-map', () => {
  it.each`
    path                                    | atKey    | line  | column
    ${['tiers', 0, 'deadlines', 'high']}    | ${false} | ${4}  | ${38}
    ${['tiers', 0, 'colour']}               | ${true}  | ${6}  | ${5}
    ${['tiers', 0, 'colour']}               | ${false} | ${6}  | ${13}
    ${['tiers', 0, 'missing']}              | ${false} | ${3}  | ${5}
    ${['windows', 0, 'timezone']}           | ${false} | ${14} | ${15}
    ${['waivers', 0, 'scope', 'assets', 0]} | ${false} | ${17} | ${23}
    ${['nowhere', 3]}                       | ${false} | ${1}  | ${1}
  `('finds $path at $line:$column', ({ path, atKey, line, column }) => {
    const src = parseYaml('p.yaml', text);

    expect(locate(src, path, atKey as boolean)).toEqual({ line, column });
  });

  it('reports every problem of a file with its line and column', () => {
    const r = checkPolicy({ text, file: 'p.yaml' });

    expect(
      r.diagnostics.map((d) => `${d.location.line}:${d.location.column}: ${d.message}`),
    ).toEqual([
      '4:38: tiers[0].deadlines.high: a duration like 30m, 4h, 3d or 2w',
      '6:5: tiers[0].colour: unknown key "colour"',
      '8:12: unknown tier "gold" (tiers: prod)',
      '14:15: unknown time zone "Europe/Berln"',
      '21:15: waiver W-1: the approver must be someone other than the owner (alice)',
    ]);
  });

  it('points YAML syntax errors and duplicate keys at their place', () => {
    const r = checkPolicy({ text: 'version: 1\ntiers: [\n', file: 'broken.yaml' });
    const dup = checkPolicy({ text: 'version: 1\nversion: 1\n', file: 'dup.yaml' });

    expect(r.diagnostics[0]!.location).toMatchObject({ file: 'broken.yaml', line: 3 });
    expect(dup.diagnostics[0]).toMatchObject({
      message: expect.stringMatching(/unique/),
      location: { file: 'dup.yaml', line: 2, column: 1 },
    });
  });
});
