import type { Command } from 'commander';
import type { Io } from '../output.js';

/** Registers `patchline demo`. */
export function registerDemo(program: Command, io: Io): void {
  void program;
  void io;
}
