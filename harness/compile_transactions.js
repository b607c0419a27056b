// Prints the transactions Dredd compiles from an API description, as JSON, using Dredd's
// own compiler (dredd-transactions), so names and counts are exactly what Dredd runs.
// Usage: node compile_transactions.js FILE
'use strict';
const fs = require('fs');
const path = require('path');

const projectRoot = path.resolve(__dirname, '..');
const dreddTransactions = require(require.resolve('dredd-transactions', {
  paths: [path.join(projectRoot, 'node_modules', 'dredd')],
}));

// Dredd's runs and this compiler share one parse cache (the parse is what takes seconds).
require('./dredd_parse_cache');

const file = process.argv[2];
const source = fs.readFileSync(file, 'utf8');
dreddTransactions.parse(source, (parseError, parsed) => {
  if (parseError) {
    process.stderr.write(`${parseError.message}\n`);
    process.exit(1);
  }
  const compiled = dreddTransactions.compile(parsed.mediaType, parsed.apiElements, file);
  const transactions = compiled.transactions.map((transaction) => {
    // Dredd drops the API title from names when it runs a single document.
    const prefix = `${transaction.origin.apiName} > `;
    const name = transaction.name.startsWith(prefix)
      ? transaction.name.slice(prefix.length) : transaction.name;
    return {
      name,
      group: transaction.origin.resourceGroupName,
      resource: transaction.origin.resourceName,
      action: transaction.origin.actionName,
      method: transaction.request.method,
      uri: transaction.request.uri,
      status: Number(transaction.response.status),
      // The JSON Schema the response is validated against (what the blueprint pins).
      schema: transaction.response.schema ? JSON.stringify(JSON.parse(transaction.response.schema)) : '',
    };
  });
  // The parser's annotations have a location ([[line, column], [line, column]] in FILE);
  // the compiler's have none (dredd-transactions#275), but the transaction they are of.
  const annotations = compiled.annotations.map((annotation) => ({
    type: annotation.type,
    message: annotation.message,
    line: annotation.location ? annotation.location[0][0] : null,
    transaction: annotation.origin
      ? [annotation.origin.resourceGroupName, annotation.origin.resourceName,
        annotation.origin.actionName].filter(Boolean).join(' > ')
      : null,
  }));
  process.stdout.write(JSON.stringify({ transactions, annotations }));
});
