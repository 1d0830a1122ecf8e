#!/usr/bin/env bash
# Fine-tuning from models/base (`vitrine train --init`) vs training from scratch (--buckets 8192, as base) on slices of the
# train sessions (every 10th / 100th in order of first appearance), evaluated on the full test split.
# Needs `npm run build:cli` and REES46 split first: node dist/cli.mjs data rees46 --in data/rees46/events-2019-10-01.csv --out /tmp/ft/rees46/
# Usage: bash bench/train/finetune.sh (prints one line per run; tables in BENCHMARKS.md, Issue 13 item 5)
cd "$(dirname "$0")/../.."
D=/tmp/ft/rees46
for pct in 10 1; do
  awk -F, -v m=$((100/pct)) 'NR==1{print;next} { if(!($1 in idx)) idx[$1]=n++; if(idx[$1]%m==0) print }' $D/train.csv > $D/train-$pct.csv
done
for pct in 10 1; do for ep in 16 4; do for mode in scratch init; do
  out=/tmp/ft/m-$pct-$ep-$mode
  extra=(); [ $mode = init ] && extra=(--init models/base) || extra=(--buckets 8192)
  node dist/cli.mjs train --events $D/train-$pct.csv --catalog $D/catalog.csv --epochs $ep "${extra[@]}" --out $out --force > $out.log 2>&1 || { echo "train fail $pct $ep $mode"; tail -3 $out.log; continue; }
  node dist/cli.mjs eval --model $out --train $D/train-$pct.csv --test $D/test.csv --catalog $D/catalog.csv --json $out.json > $out.eval 2>&1 || { echo "eval fail"; tail -3 $out.eval; continue; }
  node -e 'const j=require(process.argv[1]);const r=j.rows.find(r=>/model|shipped|vitrine/i.test(r.name))||j.rows[0];console.log(process.argv[2],JSON.stringify(j.rows.map(r=>[r.name,(+r["HR@20"]).toFixed(4),(+r["MRR@20"]).toFixed(4)])))' $out.json "$pct% $ep ep $mode events=$(($(wc -l < $D/train-$pct.csv)-1))"
done; done; done
uptime
# YooChoose-100k slices (ids only: no content columns)
Y=(--session-col SessionId --item-col ItemId --time-col Time)
mkdir -p /tmp/ft/y
for pct in 10 1; do awk -F"\t" -v m=$((100/pct)) 'NR==1{print;next} { if(!($1 in idx)) idx[$1]=n++; if(idx[$1]%m==0) print }' data/yoochoose-100k/train.tsv > /tmp/ft/y/train-$pct.tsv; done
D=/tmp/ft/y
for pct in 1 10; do for ep in 16; do for mode in scratch init; do
  out=/tmp/ft/y-$pct-$ep-$mode
  extra=(); [ $mode = init ] && extra=(--init models/base) || extra=(--buckets 8192)
  node dist/cli.mjs train --events $D/train-$pct.tsv "${Y[@]}" --epochs $ep "${extra[@]}" --out $out --force > $out.log 2>&1 || { echo "train fail $pct $ep $mode"; tail -3 $out.log; continue; }
  node dist/cli.mjs eval --model $out --train $D/train-$pct.tsv --test data/yoochoose-100k/test.tsv "${Y[@]}" --json $out.json > $out.eval 2>&1 || { echo "eval fail"; tail -3 $out.eval; continue; }
  node -e 'const j=require(process.argv[1]);console.log(process.argv[2],JSON.stringify(j.rows.filter(r=>/popularity|session-knn|shipped/.test(r.name)).map(r=>[r.name,(+r["HR@20"]).toFixed(4),(+r["MRR@20"]).toFixed(4)])))' $out.json "yoochoose $pct% $ep ep $mode events=$(($(wc -l < $D/train-$pct.tsv)-1))"
done; done; done
uptime
