import type { Command } from 'commander';
import type { Io } from '../output.js';
import { registerDemo } from './demo.js';
import { registerVersion } from './version.js';
import { registerInventory } from './inventory.js';
import { registerImport } from './import.js';
import { registerFeeds } from './feeds.js';
import { registerAssets } from './assets.js';
import { registerVsphere } from './vsphere.js';
import { registerScan } from './scan.js';
import { registerFindings } from './findings.js';
import { registerPolicy } from './policy.js';
import { registerWindows } from './windows.js';
import { registerReport } from './report.js';

/** Every command registers here, explicitly, in the order `--help` lists them. */
export function registerCommands(program: Command, io: Io): void {
  registerDemo(program, io);
  registerVersion(program, io);
  registerInventory(program, io);
  registerImport(program, io);
  registerFeeds(program, io);
  registerAssets(program, io);
  registerScan(program, io);
  registerFindings(program, io);
  registerPolicy(program, io);
  registerWindows(program, io);
  registerReport(program, io);
  registerVsphere(program, io);
}
