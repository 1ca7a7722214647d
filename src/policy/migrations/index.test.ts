import { describe, expect, it } from 'vitest';
import { checkPolicy } from '../load.js';
import { currentPolicyVersion } from '../schema.js';
import { migrate, migrations } from './index.js';

const fixtures = new URL('../__fixtures__/', import.meta.url).pathname;

describe('policy/migrations', () => {
  it('has one step per version, in order, up to the current one', () => {
    expect(migrations.map((m) => m.from)).toEqual([...Array(currentPolicyVersion).keys()]);
  });

  it.each`
    doc                 | error
    ${{}}               | ${/version is required/}
    ${{ version: '1' }} | ${/whole number such as 1, not "1"/}
    ${{ version: 1.5 }} | ${/whole number such as 1, not 1.5/}
    ${{ version: 9 }}   | ${/newer than this Patchline/}
    ${{ version: -1 }}  | ${/does not exist/}
  `('refuses $doc', ({ doc, error }) => {
    expect(migrate(doc)).toMatch(error);
  });

  it('leaves a current document as it is', () => {
    const m = migrate({ version: 1, windows: [] });

    expect(m).toMatchObject({ doc: { version: 1, windows: [] }, fromVersion: 1 });
    if (typeof m !== 'string') expect(m.sourcePath(['windows', 0])).toEqual(['windows', 0]);
  });

  it('loads the version 0 draft through the migration', () => {
    const r = checkPolicy(`${fixtures}draft-v0.yaml`);

    expect(r.diagnostics).toEqual([]);
    expect(r.policy?.windows).toEqual([
      expect.objectContaining({ name: 'sunday', timezone: 'Europe/Berlin' }),
    ]);
  });

  it('points a problem in a version 0 file at the key the file spells', () => {
    const r = checkPolicy(`${fixtures}draft-v0-bad-zone.yaml`);

    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        message: 'unknown time zone "Europe/Berlni"',
        location: expect.objectContaining({ line: 14, column: 9, pointer: '/maintenance/0/tz' }),
      }),
    ]);
  });
});
