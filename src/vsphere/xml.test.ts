import { describe, expect, it } from 'vitest';
import { encodeArg, envelope } from './encode.js';
import { moRef } from './types.js';
import { decodeValue } from './values.js';
import { child, NS, parseXml, xsiType } from './xml.js';

const wrap = (inner: string, decl = `xmlns:xsi="${NS.xsi}" xmlns:xsd="${NS.xsd}"`): string =>
  `<r xmlns="urn:vim25" ${decl}>${inner}</r>`;

describe('vsphere/xml', () => {
  it.each`
    case                            | xml
    ${'the usual xsi prefix'}       | ${wrap('<val xsi:type="xsd:boolean">true</val>')}
    ${"vcsim's XMLSchema-instance"} | ${wrap(`<val xmlns:XMLSchema-instance="${NS.xsi}" XMLSchema-instance:type="xsd:boolean">true</val>`, `xmlns:xsd="${NS.xsd}"`)}
    ${'an unusual prefix'}          | ${wrap(`<val xmlns:q="${NS.xsi}" q:type="boolean">true</val>`, '')}
  `('resolves xsi:type by namespace, not by prefix: $case', ({ xml }) => {
    const val = child(parseXml(xml), 'val')!;

    expect(xsiType(val)).toBe('boolean');
    expect(decodeValue(val)).toBe(true);
  });

  it('ignores a "type" attribute in another namespace', () => {
    const val = child(
      parseXml(wrap('<val xmlns:o="urn:other" o:type="boolean">true</val>')),
      'val',
    )!;

    expect(xsiType(val)).toBeUndefined();
    expect(decodeValue(val)).toBe('true');
  });

  it.each`
    case                   | xml                                           | message
    ${'undeclared prefix'} | ${'<r><v nope:type="x">1</v></r>'}            | ${/undeclared namespace prefix/}
    ${'a DTD'}             | ${'<!DOCTYPE r [<!ENTITY a "b">]><r>&a;</r>'} | ${/DTD/}
  `('refuses $case', ({ xml, message }) => {
    expect(() => parseXml(xml)).toThrow(message);
  });

  it.each`
    case                | inner                                                                     | value
    ${'reference'}      | ${'<v type="VirtualMachine">vm-1</v>'}                                    | ${{ type: 'VirtualMachine', value: 'vm-1' }}
    ${'int'}            | ${'<v xsi:type="xsd:int">42</v>'}                                         | ${42}
    ${'untyped text'}   | ${'<v>a &amp; b</v>'}                                                     | ${'a & b'}
    ${'ArrayOfString'}  | ${'<v xsi:type="ArrayOfString"><string>a</string><string>b</string></v>'} | ${['a', 'b']}
    ${'repeated field'} | ${'<v xsi:type="X"><n>1</n><n>2</n><m>x</m></v>'}                         | ${{ _type: 'X', n: ['1', '2'], m: 'x' }}
    ${'empty array'}    | ${'<v xsi:type="ArrayOfCustomFieldValue"></v>'}                           | ${[]}
  `('decodes $case', ({ inner, value }) => {
    expect(decodeValue(child(parseXml(wrap(inner)), 'v')!)).toEqual(value);
  });

  it.each`
    text                             | decoded
    ${'{&#34;a&#34;:&#x22;b&#x22;}'} | ${'{"a":"b"}'}
    ${'&amp;#34; &lt;&gt;&apos;'}    | ${`&#34; <>'`}
    ${'&nbsp; &#x1F600;'}            | ${'&nbsp; \u{1F600}'}
    ${'<![CDATA[&amp;<x>]]>'}        | ${'&amp;<x>'}
  `('decodes character references and predefined entities once: $text', ({ text, decoded }) => {
    expect(decodeValue(child(parseXml(wrap(`<v>${text}</v>`)), 'v')!)).toBe(decoded);
  });

  it('encodes objects in field order with xsi:type, escaping text and leaving out undefined', () => {
    const xml = encodeArg('spec', {
      $type: 'TraversalSpec',
      name: 'a<b',
      skip: false,
      absent: undefined,
      ref: moRef('Folder', 'f&1'),
      list: ['x', 'y'],
    });

    expect(xml).toBe(
      '<spec xsi:type="TraversalSpec"><name>a&lt;b</name><skip>false</skip><ref type="Folder">f&amp;1</ref><list>x</list><list>y</list></spec>',
    );
  });

  it('writes an envelope the parser reads back', () => {
    const env = parseXml(
      envelope('Login', moRef('SessionManager', 'SessionManager'), [
        ['userName', 'u'],
        ['password', 'p<&>"'],
      ]),
    );

    const login = env.children[0]!.children[0]!;
    expect(login.name).toEqual({ ns: NS.vim25, local: 'Login' });
    expect(child(login, 'password')!.text).toBe('p<&>"');
  });
});
