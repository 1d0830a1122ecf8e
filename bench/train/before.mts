import { runCli } from '/work/wt-scale/bench/train/run-cli';
const d = '.cache/bench-train/log-10m';
for (const extra of [['--no-item-to-item'], []]) {
  const r = await runCli('.cache/bench-train/cli-main.mjs', ['--events', `${d}/train.csv`, '--catalog', `${d}/catalog.csv`, '--out', '/tmp/before-model', '--force', '--epochs', '1', ...extra], 90);
  console.log(JSON.stringify({ extra, ...r, stdout: r.stdout.slice(-500), stderr: r.stderr.slice(-1500) }, null, 1));
}
