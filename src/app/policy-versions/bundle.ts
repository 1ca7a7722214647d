import { AppError, ErrorCode } from '../../domain/errors.js';
import { contentHash } from '../../policy/index.js';
import type { PolicyFile } from '../../store/index.js';

/**
 * An uploaded policy: one YAML document, or a directory's files by name (merged in name order,
 * as the loader merges a directory).
 */
export type PolicyBundle = string | Readonly<Record<string, string>>;

/** Name a single-document upload is stored under. */
export const singleFileName = 'policy.yaml';

/** The bundle's files in merge order; names are plain `*.yaml`/`*.yml` file names. */
export function bundleFiles(bundle: PolicyBundle): PolicyFile[] {
  if (typeof bundle === 'string') return [{ file: singleFileName, text: bundle }];
  const names = Object.keys(bundle).sort();
  if (names.length === 0) {
    throw new AppError(ErrorCode.InputInvalid, 'a policy bundle needs at least one file');
  }
  return names.map((file) => {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*\.ya?ml$/.test(file)) {
      throw new AppError(
        ErrorCode.InputInvalid,
        `policy bundle file ${JSON.stringify(file)}: a plain file name ending .yaml or .yml`,
        { location: { record: file } },
      );
    }
    return { file, text: bundle[file]! };
  });
}

/** sha256 of the files' canonical JSON: the same texts under the same names hash the same. */
export function bundleHash(files: readonly PolicyFile[]): string {
  return contentHash(files.map((f) => ({ file: f.file, text: f.text })));
}

/** How a stored version's file is named in diagnostics and `Policy.sources`. */
export function storedFileName(version: number, file: string): string {
  return `policy-v${version}/${file}`;
}
