// Preloaded into Dredd by `harness run` (`--require harness/dredd_preload.js`); bench/contract_speed.py
// measures it (mode `harness` against `harness_without_preload`). Four fixes for the
// costs of Dredd 14.1.0 and its Gavel 9.1.5 (pinned: they patch internals, checked against
// those versions). None changes what is tested: the same transactions, schemas, hooks
// and validation results (tests/test_dredd_preload.py compares Gavel's with and without).
//
// 1. Parse cache (dredd_parse_cache.js). drafter.js takes seconds to parse the contract
//    on every run; a run whose blueprint is unchanged loads the API elements instead.
// 2. No quadratic clone. With any hook file, Dredd copies its whole configuration for the
//    JavaScript hooks API (`hooks.configuration = clone(configuration)`), including every
//    parsed API element; `clone` looks each object up in an array of the ones already
//    seen, so this costs ~0.8 s for 142 transactions and ~1 min for 1,420. The parsed
//    documents are made non-enumerable on the configuration, so the copy leaves them out
//    (`hooks.configuration.apiDescriptions` is then missing in JavaScript hooks; Python
//    hooks never see the configuration).
// 3. Validators made once per schema. Gavel builds and compiles new JSON Schema
//    validators for every check of every transaction (~3.5 ms each); see section 3.
// 4. Only the events the hooks listen to, when the run names them; see section 4.
// 5. Only the transactions `--only` names are run. Dredd runs the hooks of every other
//    transaction (seeding its rows) and only then skips it, so a run of one transaction
//    cost the whole contract's seeding (dredd#536, dredd#693); see section 5.
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

// --- 1. parse cache (its own file: compile_transactions.js shares it) -----------------

const { dreddDir, fromDredd } = require('./dredd_parse_cache');

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

// --- 3. JSON Schema validators made once per schema ---------------------------------
//
// Gavel (Dredd's validator, bundled with its own Ajv) builds a new Ajv instance for
// every check of every transaction: one that compiles the JSON Schema meta-schema to
// check the expected schema, then one that compiles the expected schema to validate
// the real body; the same for the headers. That is ~3.5 ms of Node per transaction
// (`bench/contract_speed.py` measures it), more than Dredd's request itself. Both
// are pure functions of the schema, so here each distinct schema (by its JSON text)
// is checked once and gets one Ajv instance, made with Gavel's own options, that
// compiles it once. Validation results and messages are Gavel's, unchanged.
//
// Gavel's code is changed by exact replacements in the pinned build (checked by its
// SHA-256); any other build is left as it is, with a warning.

const Module = require('module');

const gavelFile = require.resolve('gavel', { paths: [dreddDir] });
const GAVEL_SHA256 = '8979ca34d83cd1b81636ff02e1227ce27e85503c14c2f5d49b62d31fc5573564'; // 9.1.5
const GAVEL_REPLACEMENTS = [
  [
    'validateSchema(){const{jsonSchemaVersion:e,jsonSchema:r}=this,t=new fa({schemaId:"auto"}),a=Ca[e];t.addMetaSchema(a,"meta");const o=t.validateSchema(r);return t.removeSchema("meta"),o}',
    'validateSchema(){return __harnessSchemaChecked(this.jsonSchemaVersion,this.jsonSchema,()=>{const{jsonSchemaVersion:e,jsonSchema:r}=this,t=new fa({schemaId:"auto"}),a=Ca[e];t.addMetaSchema(a,"meta");const o=t.validateSchema(r);return t.removeSchema("meta"),o})}',
  ],
  [
    't=new fa({allErrors:!0,verbose:!0,meta:!1,validateSchema:!1,jsonPointers:!0});return t.validate(this.jsonSchema,r)',
    't=__harnessAjvFor(this.jsonSchema,()=>new fa({allErrors:!0,verbose:!0,meta:!1,validateSchema:!1,jsonPointers:!0}));return t.validate(this.jsonSchema,r)',
  ],
];
// Appended to Gavel's module (function declarations: visible throughout it).
const GAVEL_HELPERS = `
var __harnessChecked = new Map(), __harnessAjvs = new Map();
function __harnessSchemaChecked(version, schema, check) {
  const key = version + '\\n' + JSON.stringify(schema);
  if (!__harnessChecked.has(key)) __harnessChecked.set(key, check());
  return __harnessChecked.get(key);
}
function __harnessAjvFor(schema, make) {
  const key = JSON.stringify(schema);
  let ajv = __harnessAjvs.get(key);
  if (ajv === undefined) { ajv = make(); __harnessAjvs.set(key, ajv); }
  return ajv;
}
`;

function gavelWithReusedValidators(source) {
  const digest = crypto.createHash('sha256').update(source).digest('hex');
  if (digest !== GAVEL_SHA256) {
    process.stderr.write(`dredd_preload: ${gavelFile} is not the pinned Gavel 9.1.5; its validators are made anew for every transaction\n`);
    return source;
  }
  let patched = source;
  for (const [original, replacement] of GAVEL_REPLACEMENTS) {
    patched = patched.replace(original, () => replacement);
  }
  return patched + GAVEL_HELPERS;
}

// Dredd has loaded Gavel by the time its `--require` option loads this file, so a patched
// copy of Gavel is compiled beside it and Dredd's reference (`gavel.default.validate`,
// looked up on every transaction) is pointed at the copy's `validate`.
const gavel = require(gavelFile);
const gavelSource = fs.readFileSync(gavelFile, 'utf8');
const patchedGavelSource = gavelWithReusedValidators(gavelSource);
if (patchedGavelSource !== gavelSource) {
  const copy = new Module(gavelFile, module);
  copy.filename = gavelFile;
  copy.paths = Module._nodeModulePaths(path.dirname(gavelFile));
  copy._compile(patchedGavelSource, gavelFile);
  gavel.default.validate = copy.exports.default.validate;
  gavel.validate = copy.exports.validate;
}

// --- 4. Only the events the hooks listen to ------------------------------------------
//
// Dredd sends its hooks handler a message for each of beforeEach, beforeEachValidation
// and afterEach of every transaction, whatever hooks the handler has: each is a round
// trip with the whole transaction as JSON both ways (~0.4 ms). A run that knows which
// events its hooks listen to (`harness run` asks the warm handler) names them in
// $HOOKS_RUNTIME_EVENTS, and the hook files they come from in $HOOKS_RUNTIME_EVENTS_FILES;
// when Dredd's hook files are those, it registers its hook-handler bridge for those
// events only. Otherwise all are sent, as Dredd does.

const HooksWorkerClient = require(fromDredd('./build/HooksWorkerClient')).default;
const DREDD_HOOK_EVENTS = ['beforeEach', 'beforeEachValidation', 'afterEach', 'beforeAll', 'afterAll'];
const registerHooks = HooksWorkerClient.prototype.registerHooks;

function sameHookFiles(hookfiles) {
  let listedFor;
  try {
    listedFor = JSON.parse(process.env.HOOKS_RUNTIME_EVENTS_FILES || '[]');
    const real = [...new Set((hookfiles || []).map((file) => fs.realpathSync(file)))].sort();
    return JSON.stringify(real) === JSON.stringify(listedFor);
  } catch (error) {
    return false;
  }
}
HooksWorkerClient.prototype.registerHooks = function registerListenedEvents(callback) {
  const listened = process.env.HOOKS_RUNTIME_EVENTS;
  if (!listened || !sameHookFiles(this.runner.hooks.configuration.hookfiles)) {
    return registerHooks.call(this, callback);
  }
  const wanted = new Set(listened.split(','));
  const hooks = this.runner.hooks;
  const restorers = [];
  for (const name of DREDD_HOOK_EVENTS) {
    if (!wanted.has(name)) {
      const own = Object.prototype.hasOwnProperty.call(hooks, name);
      const original = hooks[name];
      const restore = () => {
        if (own) {
          hooks[name] = original;
        } else {
          delete hooks[name];
        }
      };
      // The bridge registers each event once, in a loop; only that registration is
      // dropped (afterAll is registered a second time, to stop the handler at the end).
      hooks[name] = () => restore();
      restorers.push(restore);
    }
  }
  try {
    return registerHooks.call(this, callback);
  } finally {
    restorers.forEach((restore) => restore());
  }
};

// --- 5. Only the transactions --only names ------------------------------------------
//
// Dredd decides a transaction is left out by `--only` after its beforeEach and before
// hooks have run (TransactionRunner.executeTransaction). Those transactions are dropped
// from the run instead: their hooks are not called and they are not reported as skipped.
// Without `--only`, every transaction runs, as in Dredd.

const executeAllTransactions = TransactionRunner.prototype.executeAllTransactions;
TransactionRunner.prototype.executeAllTransactions = function executeOnlyNamed(
  transactions, hooks, callback,
) {
  const only = this.configuration.only || [];
  const named = only.length ? transactions.filter((t) => only.includes(t.name)) : transactions;
  return executeAllTransactions.call(this, named, hooks, callback);
};
