import { parsePlatform, type Platform } from '../domain/platform.js';

/**
 * The key a platform is matched on. Vendors publish per stream, not per point release:
 * Red Hat family data names the major (`almalinux:9` covers 9.4), Alpine major.minor
 * (`alpine:3.18` covers 3.18.4), Debian the major (`debian:12` covers 12.5), Ubuntu the
 * full release (`ubuntu:24.04`). Windows keeps the build and the product it states
 * (`windows:10.0.17763:server:x64:core`, see domain/windows-identity.ts).
 */
export function streamOf(p: Platform): string {
  const r = p.release.toLowerCase();
  switch (p.family) {
    case 'alpine':
      return `alpine:${r.replace(/^v/, '').split('.').slice(0, 2).join('.')}`;
    case 'ubuntu':
    case 'windows':
      return `${p.family}:${r}`;
    default:
      return `${p.family}:${r.split('.')[0] ?? r}`;
  }
}

const cache = new Map<string, string | null>();

/** `streamOf` for a `family:release` string; null when the text is not a known platform. */
export function streamOfText(text: string): string | null {
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  let out: string | null;
  try {
    out = streamOf(parsePlatform(text));
  } catch {
    out = null;
  }
  cache.set(text, out);
  return out;
}

/**
 * `windows:<build>` for a Windows stream (`windows:10.0.17763:server:x64` → `windows:10.0.17763`),
 * else null: the key on which an advisory change concerns a Windows host, since a host that
 * does not state its product is judged against every product of its build.
 */
export function windowsBuildStream(stream: string): string | null {
  if (!stream.startsWith('windows:')) return null;
  return `windows:${stream.slice('windows:'.length).split(':')[0]!}`;
}

/**
 * The coverage keys an advisory entry's stream gives: the stream, and for a Windows product its
 * build too, so a host that states only its build is judged (its findings are unverifiable)
 * rather than reported as uncovered.
 */
export function coverageKeys(stream: string): readonly string[] {
  const build = windowsBuildStream(stream);
  return build === null || build === stream ? [stream] : [stream, build];
}
