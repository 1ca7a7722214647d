import { describe, expect, it } from 'vitest';
import { parsePurl } from './purl.js';

describe('advisories/common/purl', () => {
  it.each`
    text                                                           | name               | version                    | qualifiers
    ${'pkg:rpm/redhat/python-gevent@21.1.2-2.el9ost?arch=src'}     | ${'python-gevent'} | ${'21.1.2-2.el9ost'}       | ${{ arch: 'src' }}
    ${'pkg:rpm/redhat/kernel?arch=src'}                            | ${'kernel'}        | ${undefined}               | ${{ arch: 'src' }}
    ${'pkg:rpm/rocky-linux/ruby?distro=rocky-linux-9&epoch=0'}     | ${'ruby'}          | ${undefined}               | ${{ distro: 'rocky-linux-9', epoch: '0' }}
    ${'pkg:deb/ubuntu/eglibc@2.19-0ubuntu6.15%2Besm4?arch=source'} | ${'eglibc'}        | ${'2.19-0ubuntu6.15+esm4'} | ${{ arch: 'source' }}
  `('parses $text', ({ text, name, version, qualifiers }) => {
    const p = parsePurl(text);

    expect([p?.name, p?.version, p?.qualifiers]).toEqual([name, version, qualifiers]);
  });

  it.each([['rpm/redhat/x'], ['pkg:'], ['pkg:rpm/%E0%A4%A'], ['pkg:rpm/']])(
    'rejects %s',
    (text) => {
      expect(parsePurl(text)).toBeUndefined();
    },
  );
});
