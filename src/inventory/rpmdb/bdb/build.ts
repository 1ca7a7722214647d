/**
 * Writes a minimal Berkeley DB hash file holding `values` under keys 1..n, one key/data pair per
 * hash page, a value over a quarter page going to an overflow chain: enough of the format for
 * tests in either byte order (real files come from db5.3_load, see the integration test).
 */
export function buildBdb(
  values: readonly Uint8Array[],
  opts: { le: boolean; pageSize?: number },
): Uint8Array {
  const ps = opts.pageSize ?? 4096;
  const pages: Uint8Array[] = [new Uint8Array(ps)];
  const page = (type: number) => {
    const p = new Uint8Array(ps);
    const v = new DataView(p.buffer);
    v.setUint32(8, pages.length, opts.le);
    p[25] = type;
    pages.push(p);
    return { p, v };
  };
  values.forEach((value, i) => {
    const { p, v } = page(13);
    const key = new Uint8Array(5);
    key[0] = 1;
    new DataView(key.buffer).setUint32(1, i + 1, opts.le);
    let data: Uint8Array;
    if (value.length + 1 <= ps / 4) {
      data = new Uint8Array(value.length + 1);
      data[0] = 1;
      data.set(value, 1);
    } else {
      data = new Uint8Array(12);
      data[0] = 3;
      const dv = new DataView(data.buffer);
      dv.setUint32(4, pages.length, opts.le);
      dv.setUint32(8, value.length, opts.le);
    }
    const keyAt = ps - key.length;
    const dataAt = keyAt - data.length;
    p.set(key, keyAt);
    p.set(data, dataAt);
    v.setUint16(20, 2, opts.le);
    v.setUint16(22, dataAt, opts.le);
    v.setUint16(26, keyAt, opts.le);
    v.setUint16(28, dataAt, opts.le);
    if (value.length + 1 > ps / 4) {
      for (let at = 0; at < value.length; at += ps - 26) {
        const o = page(7);
        const chunk = value.subarray(at, at + ps - 26);
        o.p.set(chunk, 26);
        o.v.setUint16(22, chunk.length, opts.le);
        o.v.setUint32(16, at + chunk.length < value.length ? pages.length : 0, opts.le);
      }
    }
  });
  const meta = new DataView(pages[0]!.buffer);
  meta.setUint32(12, 0x061561, opts.le);
  meta.setUint32(16, 9, opts.le);
  meta.setUint32(20, ps, opts.le);
  pages[0]![25] = 8;
  meta.setUint32(32, pages.length - 1, opts.le);
  const out = new Uint8Array(ps * pages.length);
  pages.forEach((p, i) => out.set(p, i * ps));
  return out;
}
