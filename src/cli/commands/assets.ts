import type { Command } from 'commander';
import type { Io } from '../output.js';

/** Registers `patchline assets`. */
export function registerAssets(program: Command, io: Io): void {
  void program;
  void io;
}
