// Runs cw.js in Node against a stand-in for the browser's document, for GuardScriptNodeTest: the
// guard part runs at once; the banner part only registers its listeners (nothing is dispatched).
// Input (stdin, JSON): {guard, dataset, gpc, writes: [cookie strings], jar: [names], update: [categories]}
// Output (stdout, JSON): {passed: [bool per write], state, updateWrites: [strings], stateAfter, dataLayer: [[args]],
//   gtagIsGlobal, listeners: [event types], api: {granted, isGranted: {category: bool}} after the update}
'use strict';
const vm = require('vm');
const job = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const written = [];
const jar = new Map();
const listeners = [];
class Document {
  addEventListener(type) { listeners.push(type); }
}
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
const api = ctx.CookieWarden;
const isGranted = {};
['necessary', 'preferences', 'analytics', 'marketing', 'unknown'].forEach(c => { isGranted[c] = api.isGranted(c); });
process.stdout.write(JSON.stringify({ passed, state, updateWrites: written, stateAfter: ctx.__cookieWardenGuard.state(), dataLayer,
  gtagIsGlobal: typeof ctx.gtag == 'function', listeners, api: { granted: api.granted(), isGranted } }));
