// Dredd's blueprint parse, cached: drafter.js takes seconds to parse the contract (about
// 20 s for 800 transactions on two CPUs). Parse results are kept as refract JSON under
// node_modules/.cache/dredd-parse (or $DREDD_PARSE_CACHE), keyed by the document, its
// media type, the parse options and the parser versions; a parse of an unchanged
// document loads the API elements instead. Required by dredd_preload.js (Dredd's runs)
// and by compile_transactions.js (`harness names`, `hooks check`, the preflight), so
// the two share one cache, as do copies of the repository that link node_modules.
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const projectRoot = path.resolve(__dirname, '..');
const dreddDir = path.dirname(require.resolve('dredd/package.json', { paths: [projectRoot] }));
const fromDredd = (request) => require.resolve(request, { paths: [dreddDir] });
const transactionsDir = path.dirname(fromDredd('dredd-transactions/package.json'));
const fromTransactions = (request) => require.resolve(request, { paths: [transactionsDir] });

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

// Where Dredd's own modules resolve from, for dredd_preload.js's other fixes.
module.exports = { dreddDir, fromDredd };
