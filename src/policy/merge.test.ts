import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPolicy, loadPolicy } from './load.js';
import { mergeParts } from './merge.js';

const fixtures = new URL('./__fixtures__/', import.meta.url).pathname;

describe('policy/merge', () => {
  it('concatenates list sections and keeps one owner for the others', () => {
    const merged = mergeParts([
      { index: 0, doc: { version: 1, tiers: ['a'], assignment: { default: 'a' } } },
      { index: 1, doc: { version: 1, tiers: ['b', 'c'], windows: ['w'] } },
    ]);

    expect(merged.doc).toEqual({
      version: 1,
      tiers: ['a', 'b', 'c'],
      assignment: { default: 'a' },
      windows: ['w'],
    });
    expect(merged.origin(['tiers', 2, 'name'])).toEqual({ part: 1, path: ['tiers', 1, 'name'] });
    expect(merged.origin(['assignment', 'default'])).toEqual({
      part: 0,
      path: ['assignment', 'default'],
    });
    expect(merged.conflicts).toEqual([]);
  });

  it('loads a policy directory in file-name order', () => {
    const p = loadPolicy(join(fixtures, 'split'));

    expect(p.sources.map((s) => s.slice(s.lastIndexOf('/') + 1))).toEqual([
      '00-tiers.yaml',
      '10-windows.yaml',
      '20-waivers.yaml',
    ]);
    expect(p.windows.map((w) => w.name)).toEqual(['prod-sunday', 'dev-daily']);
    expect(p.waivers.map((w) => w.id)).toEqual(['W-7']);
  });

  it('points problems in a directory at the file and line that hold them', () => {
    const r = checkPolicy(join(fixtures, 'split-bad'));

    expect(
      r.diagnostics.map(
        (d) => `${d.location.file?.split('/').pop()}:${d.location.line}:${d.location.column}`,
      ),
    ).toEqual(['20-more.yaml:6:15', '20-more.yaml:9:22', '20-more.yaml:16:1']);
    expect(r.diagnostics[2]!.message).toMatch(/assignment is already defined in .*00-tiers\.yaml/);
  });

  it.each`
    files                                        | message
    ${{}}                                        | ${/no policy files found/}
    ${{ 'a.yaml': '- just\n- a list\n' }}        | ${/a policy file is a mapping/}
    ${{ 'a.yml': 'version: 1\n', 'b.txt': 'x' }} | ${/tiers: is required/}
  `('reports $message for a directory of $files', ({ files, message }) => {
    const dir = mkdtempSync(join(tmpdir(), 'patchline-policy-'));
    for (const [name, body] of Object.entries(files as Record<string, string>)) {
      writeFileSync(join(dir, name), body);
    }

    const r = checkPolicy(dir);

    expect(r.policy).toBeUndefined();
    expect(r.diagnostics.map((d) => d.message).join('\n')).toMatch(message);
  });

  it('says NOT_FOUND for a path that does not exist', () => {
    expect(() => loadPolicy('/nonexistent/policy.yaml')).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
  });

  it('throws POLICY_INVALID carrying every diagnostic', () => {
    let caught: unknown;
    try {
      loadPolicy(join(fixtures, 'split-bad'));
    } catch (e) {
      caught = e;
    }

    expect(caught).toMatchObject({
      code: 'POLICY_INVALID',
      message: expect.stringMatching(/unknown time zone .*\(and 2 more problems\)/),
      details: { diagnostics: expect.arrayContaining([expect.anything()]) },
    });
  });
});
