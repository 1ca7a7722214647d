import type { Command } from 'commander';
import type { Io } from '../output.js';

/** Registers `patchline inventory`. */
export function registerInventory(program: Command, io: Io): void {
  void program;
  void io;
}
