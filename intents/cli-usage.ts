/** `train --help`. */
export const TRAIN_USAGE = `Usage: npm run intents -- train --data <file> --out <dir> [options]

Data: CLINC150 layout JSON ({"train": [[text, intent], ...], "val", "oos_train", "oos_val"}; intent "oos" is
out-of-scope, oos_train is trained as its own class) or CSV with a header naming "text" and "category" columns
(quoted fields allowed). CSV has no validation split: rows whose SHA-256(text) mod 100 < 10 are held out as val.

Options:
  --data <file>            training data (required)
  --out <dir>              model folder to write (required; created if missing)
  --seed <n>               random seed, integer (default 1); same data + seed + options = same model files
  --epochs <n>             training epochs (default 10)
  --dim <n>                embedding size (default 64)
  --learning-rate <x>      Adam learning rate (default 0.01)
  --members <n>            ensemble size, members averaged in one graph (default 3)
  --cv-folds <n>           folds of the cross-validation on train that picks the OOS threshold when train has
                           "oos" examples (default 5; 0 or 1: no threshold)
  --oos-recall-target <x>  threshold rule: best in-scope accuracy with cross-validated OOS recall >= x (default 0.6)
  --created-at <iso>       timestamp recorded in frontdesk-model.json (default: none, keeps output reproducible)
  --help                   show this text

Writes config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx and frontdesk-model.json.
Progress goes to stderr; the final line on stdout is a JSON object with the validation figures (fractions).

Exit codes: 0 done, 1 failed (the problem and what to do next are printed), 2 usage error.
`;

/** `eval --help`. */
export const EVAL_USAGE = `Usage: npm run intents -- eval --data <file> --model <dir> [--split val|all]

Loads <dir> with @huggingface/transformers pipeline("text-classification") (offline, local files only), classifies
one text per call and applies the OOS threshold from frontdesk-model.json (0 when the folder has none).

Examples evaluated: JSON → "test" + "oos_test" when present, else "val" + "oos_val".
CSV → the held-out part (SHA-256(text) mod 100 < 10, the rows train did not see) with --split val (default),
every row with --split all.

Prints ONE JSON line: {"in_scope_accuracy","oos_recall","oos_precision","macro_f1","p50_ms","p99_ms","model_bytes","n"}.
Quality figures are fractions in [0, 1]; OOS figures are null when the data has no "oos" label; p50/p99 are
milliseconds per classification; model_bytes is the size of every file in the folder.

Exit codes: 0 done, 1 failed (the problem and what to do next are printed), 2 usage error.
`;

/** `build-default --help`. */
export const BUILD_DEFAULT_USAGE = `Usage: npm run intents -- build-default [--datasets <dir>] [--out <dir>] [--check]

Trains the model the edge ships (bundled by edge/models/bundled-models.ts) from CLINC150: its 150 intents and its
out-of-scope examples, seed 1, default options, no timestamp — the same data gives the same bytes.

Options:
  --datasets <dir>  folder holding clinc150/train_val.json (default ../shared/datasets)
  --out <dir>       model folder to write (default edge/models/clinc150)
  --check           train into a temporary folder and fail unless --out holds exactly those files
  --help            show this text

Exit codes: 0 done, 1 failed (the problem and what to do next are printed), 2 usage error.
`;
