import type { ServerResponse } from 'node:http';

/** Bytes a hostile test server has written so far. */
export interface Sent {
  bytes: number;
}

/** Writes `piece` up to `times` times, honouring backpressure, until the client hangs up. */
export function pump(res: ServerResponse, piece: Uint8Array, times: number, sent: Sent): void {
  let n = 0;
  const more = (): void => {
    while (n < times && !res.destroyed) {
      n++;
      sent.bytes += piece.length;
      if (!res.write(piece)) {
        res.once('drain', more);
        return;
      }
    }
    if (!res.destroyed) res.end();
  };
  more();
}
