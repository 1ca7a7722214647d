import { describe, expect, it } from 'vitest';
import { AppError } from '../../domain/errors.js';
import { parseOvalResults } from './oval-results.js';

/** The shape `oscap oval eval --results` writes (OpenSCAP 1.3.7), trimmed to what is read. */
function results(defs: string, objects: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<oval_results xmlns="http://oval.mitre.org/XMLSchema/oval-results-5"
  xmlns:oval="http://oval.mitre.org/XMLSchema/oval-common-5">
  <oval_definitions xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5">
    <definitions><definition id="oval:x:def:1" class="vulnerability" version="1"/></definitions>
  </oval_definitions>
  <results>
    <system>
      <definitions>${defs}</definitions>
      <oval_system_characteristics xmlns="http://oval.mitre.org/XMLSchema/oval-system-characteristics-5">
        <collected_objects>${objects}</collected_objects>
      </oval_system_characteristics>
    </system>
  </results>
</oval_results>`;
}

describe('engine/oracles/oval-results', () => {
  it('reads the result of every definition', () => {
    const xml = results(
      `<definition definition_id="oval:x:def:1" result="true" version="1"/>
       <definition definition_id="oval:x:def:2" result="false" version="1"/>
       <definition definition_id="oval:x:def:3" result="error" version="1"/>`,
      `<object id="oval:x:obj:1" version="1" flag="complete"/>
       <object id="oval:x:obj:2" version="1" flag="does not exist"/>`,
    );

    const out = parseOvalResults(xml);

    expect([...out.definitions]).toEqual([
      ['oval:x:def:1', 'true'],
      ['oval:x:def:2', 'false'],
      ['oval:x:def:3', 'error'],
    ]);
    expect(out.probeErrors).toEqual([]);
  });

  it.each([['error'], ['not collected']])('reports objects the probe flagged %s', (flag) => {
    const xml = results(
      '<definition definition_id="oval:x:def:1" result="unknown" version="1"/>',
      `<object id="oval:x:obj:1" version="1" flag="${flag}"/>`,
    );

    expect(parseOvalResults(xml).probeErrors).toEqual([`oval:x:obj:1: ${flag}`]);
  });

  it('rejects a document without results', () => {
    expect(() => parseOvalResults('<oval_definitions/>')).toThrow(AppError);
  });
});
