// The floor of the bench: Dredd's own native JavaScript hooks, doing nothing, at the three
// points where a Python hook file costs a round trip to its handler. Loaded with
// `--hookfiles bench/noop_hooks.js` and no `--language`.
const hooks = require('hooks');

hooks.beforeEach((transaction, done) => done());
hooks.beforeEachValidation((transaction, done) => done());
hooks.afterEach((transaction, done) => done());
