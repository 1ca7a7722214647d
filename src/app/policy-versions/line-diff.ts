/** One line of a diff: kept, removed from the old text or added in the new one. */
export interface DiffLine {
  readonly op: ' ' | '-' | '+';
  readonly text: string;
}

/**
 * Largest LCS table computed (cells); past it the differing middle is shown as removed then
 * added, still a correct diff, only not the shortest.
 */
export const maxLcsCells = 4_000_000;

/**
 * The line diff of `a` to `b` by longest common subsequence: common prefix and suffix trimmed,
 * then the classic dynamic-programming table over what differs.
 */
export function diffLines(a: readonly string[], b: readonly string[]): DiffLine[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const out: DiffLine[] = a.slice(0, start).map((text) => ({ op: ' ', text }));
  out.push(...middle(a.slice(start, endA), b.slice(start, endB)));
  out.push(...a.slice(endA).map((text): DiffLine => ({ op: ' ', text })));
  return out;
}

function middle(a: readonly string[], b: readonly string[]): DiffLine[] {
  const n = a.length;
  const m = b.length;
  if ((n + 1) * (m + 1) > maxLcsCells) {
    return [
      ...a.map((text): DiffLine => ({ op: '-', text })),
      ...b.map((text): DiffLine => ({ op: '+', text })),
    ];
  }
  // lcs[i * (m + 1) + j]: length of the LCS of a[i..] and b[j..].
  const w = m + 1;
  const lcs = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] =
        a[i] === b[j]
          ? lcs[(i + 1) * w + j + 1]! + 1
          : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ op: ' ', text: a[i]! });
      i++;
      j++;
    } else if (lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!) {
      out.push({ op: '-', text: a[i++]! });
    } else {
      out.push({ op: '+', text: b[j++]! });
    }
  }
  while (i < n) out.push({ op: '-', text: a[i++]! });
  while (j < m) out.push({ op: '+', text: b[j++]! });
  return out;
}

/** A text's lines; a final newline ends the last line rather than starting an empty one. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/**
 * A unified diff (`diff -u` layout: `---`/`+++` headers, `@@ -l,n +l,n @@` hunks with
 * `context` lines around each change). Empty when the texts have the same lines.
 */
export function unifiedDiff(
  aText: string,
  bText: string,
  names: { readonly a: string; readonly b: string },
  context = 3,
): string {
  const lines = diffLines(splitLines(aText), splitLines(bText));
  const changed = lines.flatMap((l, i) => (l.op === ' ' ? [] : [i]));
  if (changed.length === 0) return '';
  const out = [`--- ${names.a}`, `+++ ${names.b}`];
  // Line numbers (1-based) in each text before each diff line.
  const posA: number[] = [];
  const posB: number[] = [];
  let na = 1;
  let nb = 1;
  for (const l of lines) {
    posA.push(na);
    posB.push(nb);
    if (l.op !== '+') na++;
    if (l.op !== '-') nb++;
  }
  let k = 0;
  while (k < changed.length) {
    const from = Math.max(0, changed[k]! - context);
    let to = changed[k]!;
    while (k < changed.length && changed[k]! - to <= 2 * context) to = changed[k++]!;
    const end = Math.min(lines.length - 1, to + context);
    const hunk = lines.slice(from, end + 1);
    const countA = hunk.filter((l) => l.op !== '+').length;
    const countB = hunk.filter((l) => l.op !== '-').length;
    const startA = countA === 0 ? posA[from]! - 1 : posA[from]!;
    const startB = countB === 0 ? posB[from]! - 1 : posB[from]!;
    out.push(`@@ -${startA},${countA} +${startB},${countB} @@`);
    for (const l of hunk) out.push(`${l.op}${l.text}`);
  }
  return `${out.join('\n')}\n`;
}
