import type { Command } from 'commander';
import type { CliContext } from '../context.js';

type Register = (program: Command, ctx: CliContext) => void;

/**
 * Every command module, in the order `--help` lists them, with the top-level commands it
 * registers. The names let a run load only the module of the command it runs (each pulls in
 * its own stack: the store, parsers, HTTP); a name missing here only costs that saving.
 */
const modules: readonly { readonly names: readonly string[]; load(): Promise<Register> }[] = [
  { names: ['demo'], load: async () => (await import('./demo.js')).registerDemo },
  { names: ['serve'], load: async () => (await import('./serve.js')).registerServe },
  { names: ['version'], load: async () => (await import('./version.js')).registerVersion },
  { names: ['inventory'], load: async () => (await import('./inventory.js')).registerInventory },
  { names: ['import'], load: async () => (await import('./import.js')).registerImport },
  { names: ['feeds'], load: async () => (await import('./feeds.js')).registerFeeds },
  {
    names: ['enrichment'],
    load: async () => (await import('./enrichment.js')).registerEnrichment,
  },
  { names: ['assets'], load: async () => (await import('./assets.js')).registerAssets },
  { names: ['scan'], load: async () => (await import('./scan.js')).registerScan },
  {
    names: ['evaluate', 'findings', 'exposure'],
    load: async () => (await import('./findings.js')).registerFindings,
  },
  { names: ['policy'], load: async () => (await import('./policy.js')).registerPolicy },
  { names: ['waivers'], load: async () => (await import('./waivers.js')).registerWaivers },
  { names: ['windows'], load: async () => (await import('./windows.js')).registerWindows },
  { names: ['report'], load: async () => (await import('./report.js')).registerReport },
  { names: ['vsphere'], load: async () => (await import('./vsphere.js')).registerVsphere },
  { names: ['audit'], load: async () => (await import('./audit.js')).registerAudit },
  { names: ['users'], load: async () => (await import('./users.js')).registerUsers },
  { names: ['tokens'], load: async () => (await import('./tokens.js')).registerTokens },
  {
    names: ['jobs', 'worker'],
    load: async () => (await import('./jobs.js')).registerJobs,
  },
  { names: ['secrets'], load: async () => (await import('./secrets.js')).registerSecrets },
  { names: ['webhooks'], load: async () => (await import('./webhooks.js')).registerWebhooks },
  { names: ['config'], load: async () => (await import('./config.js')).registerConfig },
];

/**
 * Registers the commands explicitly, in the order `--help` lists them: only the module of
 * `command` when it names one, else (help, completion, a typo to suggest for) all of them.
 */
export async function registerCommands(
  program: Command,
  ctx: CliContext,
  command?: string,
): Promise<void> {
  const one = modules.find((m) => command !== undefined && m.names.includes(command));
  const chosen = one ? [one] : modules;
  const registers = await Promise.all(chosen.map((m) => m.load()));
  for (const register of registers) register(program, ctx);
}
