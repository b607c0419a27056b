// How long Dredd's compiler takes over an API description, by phase, inside one Node
// process: loading dredd-transactions (with drafter.js), parsing (drafter.js: Markdown,
// MSON, JSON Schemas) and compiling the transactions. Prints one JSON object (ms).
// Usage: node bench/parse_time.js FILE
'use strict';
const fs = require('fs');
const path = require('path');

const started = process.hrtime.bigint();
const ms = (from) => Number(process.hrtime.bigint() - from) / 1e6;
const dreddTransactions = require(require.resolve('dredd-transactions', {
  paths: [path.join(__dirname, '..', 'node_modules', 'dredd')],
}));
const loadMs = ms(started);
const file = process.argv[2];
const source = fs.readFileSync(file, 'utf8');
const parsing = process.hrtime.bigint();
dreddTransactions.parse(source, (error, parsed) => {
  if (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  const parseMs = ms(parsing);
  const compiling = process.hrtime.bigint();
  const compiled = dreddTransactions.compile(parsed.mediaType, parsed.apiElements, file);
  process.stdout.write(JSON.stringify({
    load_ms: loadMs,
    parse_ms: parseMs,
    compile_ms: ms(compiling),
    transactions: compiled.transactions.length,
    bytes: Buffer.byteLength(source),
  }));
});
