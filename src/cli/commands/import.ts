import type { Command } from 'commander';
import type { Io } from '../output.js';

/** Registers `patchline import`. */
export function registerImport(program: Command, io: Io): void {
  void program;
  void io;
}
