import { isMainThread } from 'node:worker_threads';
import { closest, UsageError } from './args';
import { ASSETS_FLAGS, assetsCommand } from './assets';
import { DATA_FLAGS, dataCommand } from './data';
import { describeError } from './errors';
import { EVAL_FLAGS, evalCommand } from './eval/command';
import { flagHelp } from './help';
import { inFixedMmapChild } from './memory';
import { TRAIN_FLAGS, trainCommand } from './train/command';
import { SHOPIFY_FLAGS, shopifyCommand } from './shopify/command';
import { PACK_FLAGS, packCommand } from './pack-command';

const USAGE = `vitrine — train and evaluate Vitrine models

Usage:
  vitrine train --events train.csv [--catalog catalog.csv] --out models/store [--epochs N] [--dim D] [--test test.csv] [--force]
  vitrine eval  --model models/store --train train.csv --test test.csv [--catalog catalog.csv] [--json out.json]
  vitrine pack  --model models/store --events train.csv --catalog catalog.csv   (only the catalog pack, into a trained model)
  vitrine data rees46 --in events-2019-10-01.csv --out data/rees46/
  vitrine shopify --out theme/assets [--model models/store] [--snippets theme/snippets]
  vitrine assets <dir> [--wasm] [--browser] [--model FOLDER]   copy the files a site serves (e.g. into public/)

Events CSV/TSV (header row; comma or tab, detected): session,item,time[,type]
  time: unix seconds or ISO-8601, 1990 to 2100; type: view|click|add_to_cart|purchase (default click)
Catalog CSV: item,title,category,brand,price (any of the last four may be empty)
Files: UTF-8 (a BOM is fine) or UTF-16 with a byte-order mark.
Errors: one line, "vitrine: FILE:LINE: what is wrong: what to do"; --debug (or VITRINE_DEBUG=1) adds the stack.

Run "vitrine <command> --help" for a command's flags.`;

const COMMANDS = ['train', 'eval', 'pack', 'data', 'shopify', 'assets', 'help'];

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const wantsHelp = rest.includes('--help');
  switch (command) {
    case 'train':
      if (wantsHelp) return void console.log(`vitrine train\n\n${flagHelp(TRAIN_FLAGS.values, TRAIN_FLAGS.booleans)}`);
      return trainCommand(rest);
    case 'eval':
      if (wantsHelp) return void console.log(`vitrine eval\n\n${flagHelp(EVAL_FLAGS.values, EVAL_FLAGS.booleans)}`);
      return evalCommand(rest);
    case 'pack':
      if (wantsHelp) return void console.log(`vitrine pack: the catalog pack (recommendations) into a model folder vitrine train wrote, weights untouched\n\n${flagHelp(PACK_FLAGS.values, PACK_FLAGS.booleans)}`);
      return packCommand(rest);
    case 'data':
      if (wantsHelp) return void console.log(`vitrine data rees46\n\n${flagHelp(DATA_FLAGS.values, DATA_FLAGS.booleans)}`);
      return dataCommand(rest);
    case 'shopify':
      if (wantsHelp) return void console.log(`vitrine shopify: the script tag and a model as a Shopify theme's assets, and its snippets\n\n${flagHelp(SHOPIFY_FLAGS.values, SHOPIFY_FLAGS.booleans)}`);
      return shopifyCommand(rest);
    case 'assets':
      if (wantsHelp) return void console.log(`vitrine assets <dir>: copies the files a site must serve (the model; tfjs's .wasm and the script-tag build if asked) into <dir>\n\n${flagHelp(ASSETS_FLAGS.values, ASSETS_FLAGS.booleans)}`);
      return assetsCommand(rest);
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      return void console.log(USAGE);
    default: {
      const guess = closest(command, COMMANDS);
      throw new UsageError(`unknown command ${JSON.stringify(command.slice(0, 40))}${guess ? ` (did you mean ${guess}?)` : ''}; commands: ${COMMANDS.join(', ')}`);
    }
  }
}

// --debug may stand anywhere, even before the command
const argv = process.argv.slice(2).filter((a) => a !== '--debug');
const debug = argv.length < process.argv.length - 2 || Boolean(process.env.VITRINE_DEBUG && process.env.VITRINE_DEBUG !== '0');
/** Commands that read whole logs: run with a fixed mmap threshold (cli/memory.ts inFixedMmapChild). */
const READS_LOGS = new Set(['train', 'eval', 'pack']);

function run(): void {
  main(argv).catch((err: unknown) => {
    const { text, exitCode } = describeError(err, debug);
    console.error(text);
    process.exitCode = exitCode;
  });
}

// the bundle is also the training workers' entry (cli/train/threads.ts): they do not run the CLI
if (isMainThread) {
  const child = READS_LOGS.has(argv[0]) && !argv.includes('--help') ? inFixedMmapChild() : undefined;
  if (!child) run();
  else void child.then((code) => (code === undefined ? run() : (process.exitCode = code)));
}
