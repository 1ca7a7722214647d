import type { Command } from 'commander';
import type { Io } from '../output.js';

/** Registers `patchline vsphere`. */
export function registerVsphere(program: Command, io: Io): void {
  void program;
  void io;
}
