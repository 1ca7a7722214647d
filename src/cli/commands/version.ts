import type { Command } from 'commander';
import type { Io } from '../output.js';

/** Registers `patchline version`. */
export function registerVersion(program: Command, io: Io): void {
  void program;
  void io;
}
