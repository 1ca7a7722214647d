import { describe, expect, it } from 'vitest';
import { AppError } from '../../domain/index.js';
import { scanOval } from './scan.js';

const enc = new TextEncoder();
const root = (inner: string) =>
  `<?xml version="1.0"?>\n<o:oval_definitions xmlns:o="urn:d" xmlns:x="urn:x">\n${inner}\n</o:oval_definitions>`;

describe('advisories/oval/scan', () => {
  it('splits sections into items with lines, skipping comments, CDATA and PIs', () => {
    const text = root(
      [
        '<!-- <tests><fake/></tests> -->',
        '<o:tests>',
        '  <x:a_test id="1" comment="a > b, \'q\'"><x:object object_ref="o1"/></x:a_test>',
        '  <![CDATA[ <not-an-item/> ]]><?pi <nope/> ?>',
        '  <x:b_test id="2"/>',
        '</o:tests>',
        '<o:states/>',
      ].join('\n'),
    );

    const items = scanOval(enc.encode(text), 'f.xml');

    expect(items.map((i) => [i.section, i.line, i.element().name, i.element().ns])).toEqual([
      ['tests', 5, 'a_test', 'urn:x'],
      ['tests', 7, 'b_test', 'urn:x'],
    ]);
    expect(items[0]?.element().attrs['comment']).toBe("a > b, 'q'");
  });

  it.each([
    ['an unterminated comment', root('<o:tests><!-- x</o:tests>'), /unterminated <!--/],
    ['a mismatched section end', root('<o:tests><x:a></x:a></o:states>'), /closes <o:tests>/],
    ['a missing root end', '<oval_definitions><tests>', /ends inside <tests>/],
    ['a tag with "<" inside', root('<o:tests><x:a b="1" <c/></o:tests>'), /"<" inside a tag/],
    ['a different root', '<cvrfdoc/>', /not an OVAL definitions document/],
  ])('refuses %s', (_what, text, message) => {
    expect(() => scanOval(enc.encode(text), 'f.xml')).toThrow(AppError);
    expect(() => scanOval(enc.encode(text), 'f.xml')).toThrow(message);
  });
});
