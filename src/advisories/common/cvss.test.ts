import { describe, expect, it } from 'vitest';
import { cvss3FromVector } from './cvss.js';

describe('advisories/common/cvss', () => {
  // Scores as published alongside these vectors by NVD / the vendors.
  it.each`
    vector                                                | score
    ${'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'}     | ${9.8}
    ${'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H'}     | ${7.5}
    ${'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:L/I:L/A:H'}     | ${6.6}
    ${'CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:H/I:N/A:N'}     | ${6.8}
    ${'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H'}     | ${10}
    ${'CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:N'}     | ${0}
    ${'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H/E:U'} | ${7.8}
  `('scores $vector as $score', ({ vector, score }) => {
    expect(cvss3FromVector(vector)?.score).toBe(score);
  });

  it.each([
    ['AV:N/AC:L/Au:N/C:P/I:P/A:P'],
    ['CVSS:3.1/AV:N/AC:L'],
    ['CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'],
    [''],
  ])('returns undefined for %s', (vector) => {
    expect(cvss3FromVector(vector)).toBeUndefined();
  });
});
