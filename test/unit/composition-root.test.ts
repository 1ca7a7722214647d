import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The composition root, and the module that defines the real clock. */
const allowed: Readonly<Record<string, readonly string[]>> = {
  'src/cli/bin.ts': ['systemClock', 'process.env', 'process.cwd', 'userInfo'],
  'src/domain/clock.ts': ['systemClock', 'new Date()'],
};

/** What only the composition root may touch: the wall clock and the process's globals. */
const forbidden: readonly [string, RegExp][] = [
  ['systemClock', /\bsystemClock\b/],
  ['new Date()', /\bnew Date\(\s*\)/],
  ['Date.now', /\bDate\.now\s*\(/],
  ['process.env', /\bprocess\.env\b/],
  ['process.cwd', /\bprocess\.cwd\s*\(/],
  ['userInfo', /\buserInfo\s*\(/],
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'testing' || e.name.startsWith('__') ? [] : sources(p);
    return /\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [p] : [];
  });
}

/** Comments may name what they avoid; only code counts. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

describe('composition root', () => {
  it('is the only module that reads the wall clock or the process environment', () => {
    const offences: string[] = [];
    for (const file of sources(join(root, 'src'))) {
      const rel = relative(root, file);
      const text = code(readFileSync(file, 'utf8'));
      for (const [name, re] of forbidden) {
        if (re.test(text) && !allowed[rel]?.includes(name)) offences.push(`${rel}: ${name}`);
      }
    }

    expect(offences).toEqual([]);
  });

  it('the check notices an offence', () => {
    const text = code('const t = Date.now();\n// Date.now() in a comment is fine');

    expect(forbidden.filter(([, re]) => re.test(text)).map(([n]) => n)).toEqual(['Date.now']);
  });
});
