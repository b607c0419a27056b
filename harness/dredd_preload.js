// Preloaded into Dredd by `harness run` (`--require harness/dredd_preload.js`); bench/contract_speed.py
// measures it (mode `harness_speedups` against `harness` without it). Two fixes
// for Dredd 14.1.0's fixed costs (pinned: they patch its internals, checked against that version).
// Neither changes what is tested: the same transactions, schemas and hooks.
//
// 1. Parse cache. drafter.js takes ~3 s to parse the contract on every run. Parse results
//    are kept as refract JSON under node_modules/.cache/dredd-parse (or
//    $DREDD_PARSE_CACHE), keyed by the document, its media type and the parser versions;
//    a run whose blueprint is unchanged loads the API elements instead of parsing.
// 2. No quadratic clone. With any hook file, Dredd copies its whole configuration for the
//    JavaScript hooks API (`hooks.configuration = clone(configuration)`), including every
//    parsed API element; `clone` looks each object up in an array of the ones already
//    seen, so this costs ~0.8 s for 142 transactions and ~1 min for 1,420. The parsed
//    documents are made non-enumerable on the configuration, so the copy leaves them out
//    (`hooks.configuration.apiDescriptions` is then missing in JavaScript hooks; Python
//    hooks never see the configuration).
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const projectRoot = path.resolve(__dirname, '..');
const dreddDir = path.dirname(require.resolve('dredd/package.json', { paths: [projectRoot] }));
const fromDredd = (request) => require.resolve(request, { paths: [dreddDir] });
const transactionsDir = path.dirname(fromDredd('dredd-transactions/package.json'));
const fromTransactions = (request) => require.resolve(request, { paths: [transactionsDir] });

// --- 1. parse cache -------------------------------------------------------------------

const fury = require(fromTransactions('@apielements/core'));
const cacheDir = process.env.DREDD_PARSE_CACHE
  || path.join(projectRoot, 'node_modules', '.cache', 'dredd-parse');

function version(request, from) {
  try {
    return require(require.resolve(`${request}/package.json`, { paths: [from] })).version;
  } catch (error) {
    return 'none';
  }
}

const apibParserDir = path.dirname(fromTransactions('@apielements/apib-parser/package.json'));
const parserVersions = [
  `core ${version('@apielements/core', transactionsDir)}`,
  `apib-parser ${version('@apielements/apib-parser', transactionsDir)}`,
  `drafter.js ${version('drafter.js', apibParserDir)}`,
  `protagonist ${version('protagonist', apibParserDir)}`,
  `openapi2 ${version('@apielements/openapi2-parser', transactionsDir)}`,
  `openapi3 ${version('@apielements/openapi3-parser', transactionsDir)}`,
].join(', ');

const parse = fury.parse.bind(fury);
fury.parse = function parseWithCache(options, done) {
  const key = crypto.createHash('sha256').update(JSON.stringify({
    source: options.source,
    mediaType: options.mediaType,
    generateSourceMap: Boolean(options.generateSourceMap),
    adapterOptions: options.adapterOptions || null,
    parserVersions,
  })).digest('hex');
  const file = path.join(cacheDir, `${key}.json`);
  let cached;
  try {
    cached = fs.readFileSync(file, 'utf8');
  } catch (error) {
    cached = null;
  }
  if (cached !== null) {
    let result;
    try {
      result = fury.minim.fromRefract(JSON.parse(cached));
    } catch (error) {
      result = null; // a damaged entry: parse again and overwrite it
    }
    if (result !== null) {
      done(null, result);
      return;
    }
  }
  parse(options, (error, result) => {
    if (!error && result) {
      try {
        fs.mkdirSync(cacheDir, { recursive: true });
        const partial = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(partial, JSON.stringify(fury.minim.toRefract(result)));
        fs.renameSync(partial, file); // whole or not at all, also with runs at once
      } catch (writeError) {
        // no cache this time
      }
    }
    done(error, result);
  });
};

// --- 2. no quadratic clone of the parsed documents ------------------------------------

const TransactionRunner = require(fromDredd('./build/TransactionRunner')).default;
const config = TransactionRunner.prototype.config;
TransactionRunner.prototype.config = function configWithoutClonedDocuments(configuration) {
  const descriptions = configuration.apiDescriptions;
  Object.defineProperty(configuration, 'apiDescriptions', {
    value: descriptions, enumerable: false, writable: true, configurable: true,
  });
  return config.call(this, configuration);
};
