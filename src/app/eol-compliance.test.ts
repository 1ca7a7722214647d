import { describe, expect, it } from 'vitest';
import { bundledLifecycle } from '../advisories/eol/bundled.js';
import { complianceInput } from './compliance.js';
import { eolFindings, eolSettings, type LifecycleData } from './eol.js';
import type { AssetLineage, AssetView, FleetEvaluation } from './evaluation/index.js';

const life: LifecycleData = {
  byStream: new Map(bundledLifecycle().entries.map((e) => [e.stream, e])),
  sources: ['bundled'],
  diagnostics: [],
};
const now = new Date('2026-11-27T12:00:00Z');
const settings = eolSettings({ eol: { extendedSupport: { match: { support: 'pro' } } } });

const image: AssetView = {
  id: 'i',
  name: 'u18-base@1',
  kind: 'image',
  platform: 'ubuntu:18.04',
  labels: {},
  image: null,
  imageId: null,
};
const clone = (support: string): AssetView => ({
  id: 'c',
  name: 'app-01',
  kind: 'host',
  platform: 'ubuntu:18.04',
  labels: { support },
  image: image.name,
  imageId: image.id,
});

/** An evaluation with no engine findings: only what complianceInput reads of one. */
function evaluationOf(assets: AssetView[]): FleetEvaluation {
  const lineage = (id: string): AssetLineage => ({
    imageId: assets.find((a) => a.id === id)?.imageId ?? null,
    except: new Set(),
    own: [],
  });
  return {
    assets: () => assets.values(),
    lineageOf: lineage,
    assessmentOf: () => ({ status: 'assessed' }),
  } as unknown as FleetEvaluation;
}

describe('app/eol in compliance', () => {
  it.each`
    support   | cloneFindings | except
    ${'none'} | ${[]}         | ${[]}
    ${'pro'}  | ${[]}         | ${['EOL-ubuntu-18.04\u0000ubuntu:18.04']}
  `(
    'a clone (support $support) inherits its image’s finding or names it as not inherited',
    ({ support, cloneFindings, except }) => {
      const assets = [image, clone(support as string)];
      const eol = eolFindings(assets, life, settings, now);

      const input = complianceInput(evaluationOf(assets), eol);

      expect(input[0]?.findings.map((f) => f.advisory)).toEqual(['EOL-ubuntu-18.04']);
      expect(input[1]?.findings).toEqual(cloneFindings);
      expect([...(input[1]?.inherits?.except ?? [])]).toEqual(except);
    },
  );

  it('lists a clone’s own finding when its image version is covered and it is not', () => {
    const covered = { ...image, labels: { support: 'pro' } };
    const assets = [covered, clone('none')];

    const input = complianceInput(evaluationOf(assets), eolFindings(assets, life, settings, now));

    expect(input[0]?.findings).toEqual([]);
    expect(input[1]?.findings.map((f) => [f.advisory, f.origin])).toEqual([
      ['EOL-ubuntu-18.04', 'introduced'],
    ]);
  });
});
