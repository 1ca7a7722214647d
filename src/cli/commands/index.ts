import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerConfig } from './config.js';
import { registerDemo } from './demo.js';
import { registerVersion } from './version.js';
import { registerInventory } from './inventory.js';
import { registerImport } from './import.js';
import { registerFeeds } from './feeds.js';
import { registerAssets } from './assets.js';
import { registerAudit } from './audit.js';
import { registerVsphere } from './vsphere.js';
import { registerScan } from './scan.js';
import { registerSecrets } from './secrets.js';
import { registerFindings } from './findings.js';
import { registerPolicy } from './policy.js';
import { registerWindows } from './windows.js';
import { registerReport } from './report.js';

/** Every command registers here, explicitly, in the order `--help` lists them. */
export function registerCommands(program: Command, ctx: CliContext): void {
  registerDemo(program, ctx);
  registerVersion(program, ctx);
  registerInventory(program, ctx);
  registerImport(program, ctx);
  registerFeeds(program, ctx);
  registerAssets(program, ctx);
  registerScan(program, ctx);
  registerFindings(program, ctx);
  registerPolicy(program, ctx);
  registerWindows(program, ctx);
  registerReport(program, ctx);
  registerVsphere(program, ctx);
  registerAudit(program, ctx);
  registerSecrets(program, ctx);
  registerConfig(program, ctx);
}
