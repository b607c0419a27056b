// Gavel as Dredd loads it, and Gavel with harness/dredd_preload.js's reused validators,
// give the same result for every expected response of the contract against a set of
// real responses: the response itself, and broken variants of it (each of the kinds of
// mistake the contract must catch). Every real response is validated twice by the
// preloaded Gavel, so that its second check uses the validator made by the first.
// Usage: node tests/gavel_same_results.js CONTRACT; prints {"checked": N, "invalid": N, "differ": [...]}
// (checked: the distinct pairs of expected and real response).
'use strict';
const fs = require('fs');
const path = require('path');

const projectRoot = path.resolve(__dirname, '..');
const dreddDir = path.join(projectRoot, 'node_modules', 'dredd');
const gavel = require(require.resolve('gavel', { paths: [dreddDir] }));
const dreddTransactions = require(require.resolve('dredd-transactions', { paths: [dreddDir] }));

const stock = gavel.default.validate;
require(path.join(projectRoot, 'harness', 'dredd_preload.js'));
const reusing = gavel.default.validate;
if (reusing === stock) {
  process.stderr.write('the preload did not replace Gavel\'s validate\n');
  process.exit(1);
}

function headers(list) {
  const object = {};
  for (const { name, value } of list) object[name] = value;
  return object;
}

function variants(body) {
  const found = [['as expected', body]];
  let data;
  try {
    data = JSON.parse(body);
  } catch (error) {
    return found;
  }
  found.push(['not JSON', `${body}}`]);
  const target = data && data.data && !Array.isArray(data.data) ? data.data.attributes || data.data : null;
  const list = data && Array.isArray(data.data) ? data.data : null;
  const errors = data && Array.isArray(data.errors) ? data.errors[0] : null;
  const record = target || (list && list[0]) || errors;
  if (record && typeof record === 'object') {
    const keys = Object.keys(record);
    const mutate = (label, change) => {
      const copy = JSON.parse(body);
      const inner = copy.data && !Array.isArray(copy.data) ? copy.data.attributes || copy.data
        : Array.isArray(copy.data) ? copy.data[0] : copy.errors[0];
      change(inner);
      found.push([label, JSON.stringify(copy)]);
    };
    mutate('extra key', (inner) => { inner.unexpected = 'value'; });
    if (keys.length) {
      mutate('wrong type', (inner) => { inner[keys[0]] = typeof inner[keys[0]] === 'string' ? 12 : 'text'; });
      mutate('missing key', (inner) => { delete inner[keys[keys.length - 1]]; });
      mutate('null value', (inner) => { inner[keys[0]] = null; });
    }
  }
  found.push(['empty object', '{}']);
  return found;
}

const file = process.argv[2];
dreddTransactions.parse(fs.readFileSync(file, 'utf8'), (parseError, parsed) => {
  if (parseError) throw parseError;
  const compiled = dreddTransactions.compile(parsed.mediaType, parsed.apiElements, file);
  const differ = [];
  let checked = 0;
  let invalid = 0;
  // Many transactions expect the same response (a 401's error document on every route):
  // each distinct pair of expected and real response is checked once (Gavel's result
  // depends on nothing else), which is two thirds fewer checks of stock Gavel.
  const seen = new Set();
  for (const transaction of compiled.transactions) {
    const response = transaction.response;
    const expected = { headers: headers(response.headers), statusCode: response.status };
    if (response.body) expected.body = response.body;
    if (response.schema) expected.bodySchema = response.schema;
    const realHeaders = [expected.headers, {}];
    for (const [label, body] of variants(response.body || '')) {
      for (const [index, real] of realHeaders.entries()) {
        for (const statusCode of [response.status, '599']) {
          const actual = { statusCode, headers: real, body };
          const pair = JSON.stringify([expected, actual]);
          if (seen.has(pair)) continue;
          seen.add(pair);
          const want = JSON.stringify(stock(expected, actual));
          const first = JSON.stringify(reusing(expected, actual));
          const second = JSON.stringify(reusing(expected, actual));
          checked += 1;
          if (!JSON.parse(want).valid) invalid += 1;
          if (first !== want || second !== want) {
            differ.push(`${transaction.name}: ${label}, headers ${index}, status ${statusCode}`);
          }
        }
      }
    }
  }
  process.stdout.write(JSON.stringify({ checked, invalid, differ }));
});
