import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAdvisoryFile } from './registry.js';

const fixture = (path: string) => readFileSync(join(import.meta.dirname, path));
const alma = JSON.parse(fixture('osv/__fixtures__/ALSA-2024_0310.json').toString()) as Record<
  string,
  unknown
>;
const bytes = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

describe('advisories/fail-closed', () => {
  it.each`
    case                          | affected
    ${'an object'}                | ${{ package: { name: 'openssl' } }}
    ${'a string'}                 | ${'openssl'}
    ${'entries none of them OSV'} | ${[{ package: 'openssl' }, 7]}
  `('an OSV record whose affected is $case is rejected, not stored empty', ({ affected }) => {
    const raw = { name: 'ALSA-bad.json', bytes: bytes({ ...alma, affected }) };

    expect(() => parseAdvisoryFile(raw)).toThrow(
      expect.objectContaining({ code: 'ADVISORY_INVALID' }),
    );
  });

  it('in an OSV list, the record with a misshapen affected is skipped with its pointer', () => {
    const raw = { name: 'all.json', bytes: bytes([{ ...alma, affected: 'x' }, alma]) };

    const r = parseAdvisoryFile(raw);

    expect(r.advisories.map((a) => a.id)).toEqual([alma.id]);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([
      expect.objectContaining({ location: expect.objectContaining({ pointer: '/0/affected' }) }),
    ]);
  });

  it.each`
    file                                           | forced            | message
    ${'alpine-secdb/__fixtures__/v3.16-main.json'} | ${'osv'}          | ${'--source osv: v3.16-main.json is not'}
    ${'osv/__fixtures__/ALSA-2024_0310.json'}      | ${'alpine-secdb'} | ${'--source alpine-secdb: ALSA-2024_0310.json is not'}
  `(
    'a forced source the document is not ($forced on $file) is refused as a whole',
    ({ file, forced, message }) => {
      const name = (file as string).split('/').pop()!;

      expect(() => parseAdvisoryFile({ name, bytes: fixture(file) }, forced)).toThrow(
        expect.objectContaining({
          code: 'INPUT_INVALID',
          message: expect.stringContaining(message),
        }),
      );
    },
  );

  it('an OSV fix version the scheme cannot read is skipped with the pointer of its events', () => {
    const [affected] = alma.affected as Record<string, unknown>[];
    const bad = {
      ...affected,
      ranges: [
        { type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1:3.0.7-25.el9_3 x' }] },
      ],
    };
    const raw = { name: 'ALSA-x.json', bytes: bytes({ ...alma, affected: [bad, affected] }) };

    const r = parseAdvisoryFile(raw);

    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(
      /fixed version "1:3\.0\.7-25\.el9_3 x" is not a valid rpm version; entry skipped/,
    );
    expect(errors[0]!.location).toMatchObject({ pointer: '/affected/0/ranges/0/events' });
    expect(
      r.advisories[0]!.affected.some((e) => e.kind === 'package' && e.fixed?.endsWith(' x')),
    ).toBe(false);
    expect(r.advisories[0]!.affected.length).toBeGreaterThan(0);
  });
});
