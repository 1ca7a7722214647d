import type { AffectedPackage } from '../domain/advisory.js';
import { isModularRelease, moduleOfLabel } from '../domain/module-stream.js';

/**
 * What is known of an installed package's module: its `name:stream`, `''` for a package known
 * not to be modular, or `unknown` for a modular build whose stream the inventory does not say.
 */
export type PackageModule = string;
export const unknownModule = '\u0000unknown';

export const reasonNoLabel = 'module stream unknown: the inventory does not carry MODULARITYLABEL';
export const reasonNoFixStream =
  "module stream unknown: the advisory does not name the fix's module stream";

/**
 * The package side. A label (`ruby:2.7:8030020200921164007:229f0a1c`) gives the stream.
 * Without one (not reported, or `''`: the header is absent), the release decides: a build
 * without the module tag (`.module+el8…`, `.module_el8…`) is not modular; one with it is
 * modular, stream unknown — an rpmdb whose modular build lacks the header (Oracle Linux's
 * default streams) cannot say which stream's fix applies.
 */
export function packageModule(label: string | undefined, version: string): PackageModule {
  if (label !== undefined && label !== '') return moduleOfLabel(label) ?? unknownModule;
  return isModularRelease(version) ? unknownModule : '';
}

/** Whether a fix applies, does not, or cannot be decided (with the reason). */
export type StreamFit =
  | { readonly kind: 'applies' }
  | { readonly kind: 'skip' }
  | { readonly kind: 'unknown'; readonly reason: string };

const applies: StreamFit = { kind: 'applies' };
const skip: StreamFit = { kind: 'skip' };

/**
 * Module stream rule (docs/decisions/0012-module-streams.md). A fix is modular when it names a
 * module, or (no name) when its fixed release carries the module tag. Then:
 *
 * | package \ fix       | non-modular | modular `m`           | modular, stream unknown |
 * | ------------------- | ----------- | --------------------- | ----------------------- |
 * | not modular         | applies     | skip                  | skip                    |
 * | stream `s`          | skip        | applies iff `s === m` | unknown (advisory)      |
 * | stream unknown      | skip        | unknown (inventory)   | unknown (inventory)     |
 */
export function streamFit(pkg: PackageModule, entry: AffectedPackage): StreamFit {
  const fixModule =
    entry.module ??
    (entry.fixed !== undefined && isModularRelease(entry.fixed) ? unknownModule : '');
  if (fixModule === '') return pkg === '' ? applies : skip;
  if (pkg === '') return skip;
  if (pkg === unknownModule) return { kind: 'unknown', reason: reasonNoLabel };
  if (fixModule === unknownModule) return { kind: 'unknown', reason: reasonNoFixStream };
  return pkg === fixModule ? applies : skip;
}
