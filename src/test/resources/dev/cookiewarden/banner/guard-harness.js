// Runs guard.js in Node against a stand-in for the browser's document.cookie, for GuardScriptNodeTest.
// Input (stdin, JSON): {guard, dataset, gpc, writes: [cookie strings], jar: [names], update: [categories]}
// Output (stdout, JSON): {passed: [bool per write], state, updateWrites: [strings], stateAfter, dataLayer: [[args]], gtagIsGlobal}
'use strict';
const vm = require('vm');
const job = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const written = [];
const jar = new Map();
class Document {}
Object.defineProperty(Document.prototype, 'cookie', {
  configurable: true, enumerable: true,
  get() { return [...jar].map(([n, v]) => n + '=' + v).join('; '); },
  set(v) { written.push(v); }
});
const document = new Document();
document.currentScript = { dataset: job.dataset };
const ctx = { document, Document, navigator: { globalPrivacyControl: job.gpc } };
ctx.window = ctx;
vm.createContext(ctx);
vm.runInContext(job.guard, ctx);
const passed = job.writes.map(w => {
  const before = written.length;
  document.cookie = w;
  return written.length > before;
});
const state = ctx.__cookieWardenGuard.state();
job.jar.forEach(n => jar.set(n, 'v'));
written.length = 0;
if (job.update) ctx.__cookieWardenGuard.update(job.update);
const dataLayer = (ctx.dataLayer || []).map(a => Array.from(a));
process.stdout.write(JSON.stringify({ passed, state, updateWrites: written, stateAfter: ctx.__cookieWardenGuard.state(), dataLayer,
  gtagIsGlobal: typeof ctx.gtag == 'function' }));
