// The site's own script, not gated: like many sites, it writes a marketing and a preference cookie
// as soon as it runs (once, as trackers do: only when the cookie is not there yet), and a strictly
// necessary one. The guard must drop the first two until their categories are granted.
(function () {
  // What Google's tags would find when they start: the guard's consent defaults, nothing else.
  window.__dataLayerAtFirstScript = (window.dataLayer || []).map(function (args) {
    return JSON.parse(JSON.stringify(Array.prototype.slice.call(args)));
  });
  function has(name) {
    return document.cookie.split('; ').some(function (p) { return p.indexOf(name + '=') === 0; });
  }
  if (!has('_fbp')) document.cookie = '_fbp=x; path=/';
  if (!has('lang')) document.cookie = 'lang=fr; path=/';
  document.cookie = 'ui_seen=1; path=/';
  window.pageScript = { cookie: document.cookie };
})();
