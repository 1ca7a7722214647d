/** A change to one package's stanza in a dpkg status file. */
export interface StanzaEdit {
  readonly version: string;
  /** New `Source:` value, e.g. `openssl (3.0.11-1~deb12u1)` for a binNMU. */
  readonly source?: string;
}

/**
 * Returns a copy of a dpkg status file (deb822 stanzas, dpkg-query(1)) with the `Version:`
 * (and optionally `Source:`) of the named packages replaced, every other byte unchanged. Used to
 * move a real host's packages back below known fixes, so the oracles and the engine judge the
 * same realistic database.
 */
export function editDpkgStatus(
  status: string,
  edits: Readonly<Record<string, StanzaEdit>>,
): string {
  return status
    .split('\n\n')
    .map((stanza) => {
      const name = /^Package: (\S+)$/m.exec(stanza)?.[1];
      const edit = name === undefined || !Object.hasOwn(edits, name) ? undefined : edits[name];
      if (!edit) return stanza;
      let out = stanza.replace(/^Version: .*$/m, `Version: ${edit.version}`);
      if (edit.source !== undefined) {
        out = /^Source: /m.test(out)
          ? out.replace(/^Source: .*$/m, `Source: ${edit.source}`)
          : out.replace(/^Version: /m, `Source: ${edit.source}\nVersion: `);
      }
      return out;
    })
    .join('\n\n');
}
