import { describe, expect, it } from 'vitest';
import { sourceAdvisory } from '../../../test/advisories.js';
import { useDemoStore } from '../testing/demo-store.js';
import { EvaluationService } from './index.js';

const demo = useDemoStore('assessment');

const alpine = sourceAdvisory('ALPINE-1', '1.2.4-r0', { platform: 'alpine:3.18', package: 'musl' });

describe('app/evaluation/assessment', () => {
  it('a live service follows coverage as advisories come and go', async () => {
    const service = await EvaluationService.open(demo.store);
    const edge = service.current().asset('edge-proxy-01')!;
    const before = service.current();
    const listed = before.notAssessed();

    service.applyAdvisories({ put: [alpine] });
    const covered = service.current();
    const whileCovered = {
      list: covered.notAssessed(),
      one: covered.assessmentOf(edge.id),
      count: covered.summary().notAssessed,
    };
    service.applyAdvisories({ remove: [alpine] });
    const withdrawn = service.current();

    expect(listed).toEqual([
      {
        asset: 'edge-proxy-01',
        platform: 'alpine:3.18',
        reason: 'no loaded feed covers alpine:3.18',
      },
    ]);
    expect(whileCovered).toEqual({
      list: [],
      one: { status: 'assessed', stream: 'alpine:3.18' },
      count: 0,
    });
    expect(withdrawn.notAssessed()).toEqual(listed);
    expect(withdrawn.summary().notAssessed).toBe(1);
    expect(() => before.notAssessed()).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
  });

  it('an evaluation scoped to some advisories judges coverage by what it is told', async () => {
    const scoped = await EvaluationService.open(demo.store, { advisories: [alpine] });
    const told = await EvaluationService.open(demo.store, {
      advisories: [alpine],
      coverage: new Set(['debian:12', 'ubuntu:24.04', 'almalinux:9']),
    });

    expect(
      scoped
        .current()
        .notAssessed()
        .map((n) => n.asset),
    ).toContain('db-01');
    expect(
      told
        .current()
        .notAssessed()
        .map((n) => n.asset),
    ).toEqual(['ad-01', 'desk-0042']);
  });
});
