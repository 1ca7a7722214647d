import type { InstalledPackage } from '../../../domain/inventory.js';
import { rpmPackage } from '../../rpm/package.js';
import { corrupt } from '../errors.js';

/** Header tags read (rpm's lib/rpmtag.h). */
export const RpmTag = {
  Name: 1000,
  Version: 1001,
  Release: 1002,
  Epoch: 1003,
  Arch: 1022,
  SourceRpm: 1044,
  ModularityLabel: 5096,
} as const;

const TypeInt32 = 4;
const TypeString = 6;
const TypeStringArray = 8;
const TypeI18nString = 9;

/** rpm's own caps (lib/header.c hdrchkTags/hdrchkData): at most 0xffff tags, 256 MiB of data. */
const maxTags = 0xffff;
const maxData = 256 * 1024 * 1024;

/** Where a blob came from, for error messages. */
export interface BlobOrigin {
  readonly file: string;
  /** Byte offset of the blob in the file (0 when the store has no offsets, like sqlite). */
  readonly offset: number;
}

const utf8 = new TextDecoder('utf-8');

/**
 * Reads one rpm header blob as the database stores it (the "header import" form of rpm's
 * lib/header.c, documented in rpm's docs/manual/format_header.md): big-endian `il` (index entry
 * count) and `dl` (data length), `il` 16-byte entries `{tag, type, offset, count}`, then `dl`
 * bytes of data. Returns the installed package, or null for a gpg-pubkey pseudo-package. Every
 * offset is checked against the blob; a bad one throws INVENTORY_INVALID naming file and byte.
 */
export function parseHeader(blob: Uint8Array, origin: BlobOrigin): InstalledPackage | null {
  const fields = readFields(blob, origin);
  const name = fields.get(RpmTag.Name);
  if (typeof name !== 'string' || name === '') {
    throw corrupt(origin.file, origin.offset, 'rpm header has no NAME');
  }
  if (name === 'gpg-pubkey') return null;
  const version = fields.get(RpmTag.Version);
  const release = fields.get(RpmTag.Release);
  if (typeof version !== 'string' || typeof release !== 'string' || !version || !release) {
    throw corrupt(origin.file, origin.offset, `rpm header of ${name} has no VERSION or RELEASE`);
  }
  const epoch = fields.get(RpmTag.Epoch);
  const arch = fields.get(RpmTag.Arch);
  const srpm = fields.get(RpmTag.SourceRpm);
  const label = fields.get(RpmTag.ModularityLabel);
  return rpmPackage({
    name,
    epoch: typeof epoch === 'number' ? epoch : undefined,
    version,
    release,
    arch: typeof arch === 'string' ? arch : '',
    sourceRpm: typeof srpm === 'string' ? srpm : '(none)',
    modularityLabel: typeof label === 'string' ? label : '',
  });
}

const wanted: ReadonlySet<number> = new Set(Object.values(RpmTag));

/** The wanted tags' first values; a later entry for a tag (a "dribble" entry) replaces it, as in rpm. */
function readFields(blob: Uint8Array, origin: BlobOrigin): Map<number, string | number> {
  const at = (n: number) => origin.offset + n;
  if (blob.length < 8) {
    throw corrupt(origin.file, at(0), `rpm header of ${blob.length} bytes is too short`);
  }
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const il = view.getUint32(0);
  const dl = view.getUint32(4);
  if (il < 1 || il > maxTags) {
    throw corrupt(origin.file, at(0), `rpm header index count ${il} is out of range`);
  }
  if (dl > maxData) {
    throw corrupt(origin.file, at(4), `rpm header data length ${dl} is out of range`);
  }
  const dataStart = 8 + il * 16;
  if (dataStart + dl > blob.length) {
    throw corrupt(
      origin.file,
      at(0),
      `rpm header needs ${dataStart + dl} bytes, blob has ${blob.length}`,
    );
  }
  const out = new Map<number, string | number>();
  for (let i = 0; i < il; i++) {
    const e = 8 + i * 16;
    const tag = view.getUint32(e);
    if (!wanted.has(tag)) continue;
    const type = view.getUint32(e + 4);
    const offset = view.getInt32(e + 8);
    const count = view.getUint32(e + 12);
    if (offset < 0 || offset >= dl || count < 1) {
      throw corrupt(
        origin.file,
        at(e),
        `rpm header tag ${tag}: offset ${offset} or count ${count} out of range`,
      );
    }
    const start = dataStart + offset;
    const end = dataStart + dl;
    if (type === TypeInt32) {
      if (offset % 4 !== 0 || start + 4 > end) {
        throw corrupt(origin.file, at(e), `rpm header tag ${tag}: bad INT32 offset ${offset}`);
      }
      out.set(tag, view.getUint32(start));
    } else if (type === TypeString || type === TypeStringArray || type === TypeI18nString) {
      const nul = blob.indexOf(0, start);
      if (nul < 0 || nul >= end) {
        throw corrupt(origin.file, at(e), `rpm header tag ${tag}: string runs past the data`);
      }
      out.set(tag, utf8.decode(blob.subarray(start, nul)));
    } else {
      throw corrupt(origin.file, at(e), `rpm header tag ${tag} has unexpected type ${type}`);
    }
  }
  return out;
}
