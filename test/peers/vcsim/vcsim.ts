import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const peersDir = process.env.PATCHLINE_PEERS_DIR ?? resolve(here, '../../../.peers');
export const vcsimBin = join(peersDir, 'bin', 'vcsim');
export const VCSIM_USER = 'patchline';
export const VCSIM_PASSWORD = 'vcsim-Secret-1';

/** Builds the simulator if needed (test/peers/setup.d/30-vcsim.sh); throws when it cannot. */
export function buildVcsim(): void {
  const r = spawnSync('bash', [join(here, '..', 'setup.d', '30-vcsim.sh')], {
    encoding: 'utf8',
    env: { ...process.env, PATCHLINE_PEERS_DIR: peersDir },
  });
  if (r.status !== 0 || !existsSync(vcsimBin)) {
    throw new Error(`vcsim build failed (run test/peers/setup.sh):\n${r.stdout}\n${r.stderr}`);
  }
}

export interface Vcsim {
  readonly url: string;
  readonly port: number;
  /** PEM of the simulator's self-signed certificate (usable as a CA bundle). */
  readonly certPem: string;
  /** SHA-256 fingerprint, `AA:BB:…`. */
  readonly thumbprint: string;
  stop(): Promise<void>;
}

export interface VcsimOptions {
  readonly port: number;
  readonly vmsPerPool?: number;
  readonly templates?: readonly string[];
  readonly guestId?: string;
  readonly guestName?: string;
  /** Give up waiting for the ready file after this long (big inventories take a while). */
  readonly startTimeoutMs?: number;
}

/** Starts one simulator on 127.0.0.1:port with the fixed test credentials. */
export async function startVcsim(o: VcsimOptions): Promise<Vcsim> {
  buildVcsim();
  const stateDir = join(peersDir, 'vcsim');
  mkdirSync(stateDir, { recursive: true });
  const ready = join(stateDir, `${o.port}.ready`);
  rmSync(ready, { force: true });
  const args = [
    '-l',
    `127.0.0.1:${o.port}`,
    '-username',
    VCSIM_USER,
    '-password',
    VCSIM_PASSWORD,
    '-E',
    ready,
  ];
  if (o.vmsPerPool !== undefined) args.push('-vm', String(o.vmsPerPool));
  if (o.templates?.length) args.push('-template', o.templates.join(','));
  if (o.guestId) args.push('-guest-id', o.guestId);
  if (o.guestName) args.push('-guest-name', o.guestName);
  const child = spawn(vcsimBin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const deadline = Date.now() + (o.startTimeoutMs ?? 30_000);
  while (!existsSync(ready) || readFileSync(ready, 'utf8').trim() === '') {
    if (child.exitCode !== null) throw new Error(`vcsim exited ${child.exitCode}: ${stderr}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`vcsim did not start on port ${o.port}: ${stderr}`);
    }
    await sleep(50);
  }
  const certPem = await peerCertificate(o.port);
  return {
    url: `https://127.0.0.1:${o.port}/sdk`,
    port: o.port,
    certPem: certPem.pem,
    thumbprint: certPem.fingerprint,
    stop: () => stopChild(child),
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(5_000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

function peerCertificate(port: number): Promise<{ pem: string; fingerprint: string }> {
  return new Promise((res, rej) => {
    const s = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      const der = s.getPeerCertificate().raw;
      s.destroy();
      const b64 = der
        .toString('base64')
        .match(/.{1,64}/g)!
        .join('\n');
      const fingerprint = createHash('sha256')
        .update(der)
        .digest('hex')
        .toUpperCase()
        .match(/../g)!
        .join(':');
      res({ pem: `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`, fingerprint });
    });
    s.once('error', rej);
  });
}
