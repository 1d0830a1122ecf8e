import { UsageError } from './args';
import { prepareRees46 } from './data';
import { EVAL_FLAGS, evalCommand } from './eval/command';
import { flagHelp } from './help';
import { TRAIN_FLAGS, trainCommand } from './train/command';

const USAGE = `vitrine — train and evaluate Vitrine models

Usage:
  vitrine train --events train.csv [--catalog catalog.csv] --out models/store [--epochs N] [--dim D] [--test test.csv]
  vitrine eval  --model models/store --train train.csv --test test.csv [--catalog catalog.csv] [--json out.json]
  vitrine data rees46 --in events-2019-10-01.csv --out data/rees46/

Events CSV/TSV (header row; comma or tab, detected): session,item,time[,type]
  time: unix seconds or ISO-8601; type: view|click|add_to_cart|purchase (default click)
Catalog CSV: item,title,category,brand,price (any of the last four may be empty)

Run "vitrine <command> --help" for a command's flags.`;

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
    case 'data': {
      const [source, ...flags] = rest;
      const get = (f: string) => {
        const i = flags.indexOf(`--${f}`);
        return i >= 0 ? flags[i + 1] : undefined;
      };
      if (source !== 'rees46' || wantsHelp || !get('in') || !get('out')) {
        throw new UsageError('usage: vitrine data rees46 --in data/rees46/events-2019-10-01.csv --out data/rees46/ (sources: rees46)');
      }
      for (const line of await prepareRees46(get('in') as string, get('out') as string)) console.log(line);
      return;
    }
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      return void console.log(USAGE);
    default:
      throw new UsageError(`unknown command "${command}"; commands: train, eval, data, help`);
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  const e = err as Error;
  console.error(`vitrine: ${e instanceof UsageError || !process.env.VITRINE_DEBUG ? e.message : e.stack}`);
  process.exitCode = e instanceof UsageError ? 2 : 1;
});
