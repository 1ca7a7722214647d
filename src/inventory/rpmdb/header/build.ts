import { RpmTag } from './index.js';

/** One tag of a hand-made header: a string (STRING) or a number (INT32). */
export type TagValue = string | number;

/**
 * Builds an rpm header blob in the database's import form (big-endian il, dl, index, data),
 * for tests and fuzzing; rpm's own region tags are left out, which readers must tolerate.
 */
export function buildHeader(tags: ReadonlyMap<number, TagValue>): Uint8Array {
  const data: number[] = [];
  const index: [number, number, number, number][] = [];
  for (const [tag, value] of tags) {
    if (typeof value === 'number') {
      while (data.length % 4) data.push(0);
      index.push([tag, 4, data.length, 1]);
      data.push((value >>> 24) & 255, (value >>> 16) & 255, (value >>> 8) & 255, value & 255);
    } else {
      index.push([tag, 6, data.length, 1]);
      data.push(...new TextEncoder().encode(value), 0);
    }
  }
  const out = new Uint8Array(8 + index.length * 16 + data.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, index.length);
  v.setUint32(4, data.length);
  index.forEach((e, i) => e.forEach((n, j) => v.setUint32(8 + i * 16 + j * 4, n)));
  out.set(data, 8 + index.length * 16);
  return out;
}

/** A header of a package with the usual tags. */
export function packageHeader(p: {
  name: string;
  version: string;
  release: string;
  epoch?: number;
  arch?: string;
  sourceRpm?: string;
  modularityLabel?: string;
}): Uint8Array {
  const tags = new Map<number, TagValue>([
    [RpmTag.Name, p.name],
    [RpmTag.Version, p.version],
    [RpmTag.Release, p.release],
  ]);
  if (p.epoch !== undefined) tags.set(RpmTag.Epoch, p.epoch);
  if (p.arch !== undefined) tags.set(RpmTag.Arch, p.arch);
  if (p.sourceRpm !== undefined) tags.set(RpmTag.SourceRpm, p.sourceRpm);
  if (p.modularityLabel !== undefined) tags.set(RpmTag.ModularityLabel, p.modularityLabel);
  return buildHeader(tags);
}
