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

/**
 * Reads one rpm header blob as the database stores it (the "header import" form of rpm's
 * lib/header.c, documented in rpm's docs/manual/format_header.md): big-endian `il` (index entry
 * count) and `dl` (data length), `il` 16-byte entries `{tag, type, offset, count}`, then `dl`
 * bytes of data. Returns the installed package, or null for a gpg-pubkey pseudo-package. Every
 * offset is checked against the blob; a bad one throws INVENTORY_INVALID naming file and byte.
 */
export function parseHeader(blob: Uint8Array, origin: BlobOrigin): InstalledPackage | null {
  const [name, version, release, epoch, arch, srpm, label] = readFields(blob, origin);
  if (typeof name !== 'string' || name === '') {
    throw corrupt(origin.file, origin.offset, 'rpm header has no NAME');
  }
  if (name === 'gpg-pubkey') return null;
  if (typeof version !== 'string' || typeof release !== 'string' || !version || !release) {
    throw corrupt(origin.file, origin.offset, `rpm header of ${name} has no VERSION or RELEASE`);
  }
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

/** Slot of each wanted tag in the fields array; -1 for any other tag. */
function slotOf(tag: number): number {
  switch (tag) {
    case RpmTag.Name:
      return 0;
    case RpmTag.Version:
      return 1;
    case RpmTag.Release:
      return 2;
    case RpmTag.Epoch:
      return 3;
    case RpmTag.Arch:
      return 4;
    case RpmTag.SourceRpm:
      return 5;
    case RpmTag.ModularityLabel:
      return 6;
    default:
      return -1;
  }
}

/** The wanted tags' values by slot; a later entry for a tag (a "dribble" entry) replaces it, as in rpm. */
function readFields(blob: Uint8Array, origin: BlobOrigin): (string | number | undefined)[] {
  const at = (n: number) => origin.offset + n;
  if (blob.length < 8) {
    throw corrupt(origin.file, at(0), `rpm header of ${blob.length} bytes is too short`);
  }
  const buf = Buffer.isBuffer(blob)
    ? blob
    : Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  const il = buf.readUInt32BE(0);
  const dl = buf.readUInt32BE(4);
  if (il < 1 || il > maxTags) {
    throw corrupt(origin.file, at(0), `rpm header index count ${il} is out of range`);
  }
  if (dl > maxData) {
    throw corrupt(origin.file, at(4), `rpm header data length ${dl} is out of range`);
  }
  const dataStart = 8 + il * 16;
  const end = dataStart + dl;
  if (end > buf.length) {
    throw corrupt(origin.file, at(0), `rpm header needs ${end} bytes, blob has ${buf.length}`);
  }
  const out: (string | number | undefined)[] = [
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
  ];
  for (let e = 8; e < dataStart; e += 16) {
    // Every wanted tag is under 65536: skip the rest on their high bytes alone.
    if (buf[e] !== 0 || buf[e + 1] !== 0) continue;
    const tag = (buf[e + 2]! << 8) | buf[e + 3]!;
    const slot = slotOf(tag);
    if (slot < 0) continue;
    const type = buf.readUInt32BE(e + 4);
    const offset = buf.readInt32BE(e + 8);
    const count = buf.readUInt32BE(e + 12);
    if (offset < 0 || offset >= dl || count < 1) {
      throw corrupt(
        origin.file,
        at(e),
        `rpm header tag ${tag}: offset ${offset} or count ${count} out of range`,
      );
    }
    const start = dataStart + offset;
    if (type === TypeInt32) {
      if (offset % 4 !== 0 || start + 4 > end) {
        throw corrupt(origin.file, at(e), `rpm header tag ${tag}: bad INT32 offset ${offset}`);
      }
      out[slot] = buf.readUInt32BE(start);
    } else if (type === TypeString || type === TypeStringArray || type === TypeI18nString) {
      const nul = buf.indexOf(0, start);
      if (nul < 0 || nul >= end) {
        throw corrupt(origin.file, at(e), `rpm header tag ${tag}: string runs past the data`);
      }
      out[slot] = buf.toString('utf8', start, nul);
    } else {
      throw corrupt(origin.file, at(e), `rpm header tag ${tag} has unexpected type ${type}`);
    }
  }
  return out;
}
