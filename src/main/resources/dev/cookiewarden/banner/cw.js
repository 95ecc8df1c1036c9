/* Cookie Warden's one script, loaded synchronously at the top of <head>, before any page script.
   See docs/BANNER.md.
   1. The guard, at once: document.cookie drops writes of categories not granted, and Google
      Consent Mode gets its defaults. The table comes from the configuration (GuardScript writes it
      over the placeholder); the visitor's state from this tag's data-cw-* attributes.
   2. The banner, once the document is parsed: choices are posted without leaving the page, the
      preference center opens as a modal dialog, gated elements come alive once their category
      is granted. window.CookieWarden is there from the start.
   Served compacted (Compactor.js drops comments and line breaks): every statement ends with a
   semicolon, no line ends with return or throw, no template literal, no slash after ) or }. */
((w, d) => {
  const D = __CW_DATA__, cm = D.consentMode, a = d.currentScript?.dataset || {};
  const P = Document.prototype, orig = Object.getOwnPropertyDescriptor(P, 'cookie');
  let decided = a.cwDecided == 'true', granted = (a.cwGranted || '').split(' ').filter(Boolean);
  // navigator.globalPrivacyControl means what Sec-GPC: 1 means to the server.
  const gpc = a.cwGpc == 'true' || D.gpc && !decided && navigator.globalPrivacyControl === true;

  // Declarations [name regex, category, path, domain?]: exact names first, then the globs in the
  // server's order; the first match wins.
  const decl = n => D.cookies.find(c => RegExp(c[0], 's').test(n));
  const ok = id => D.required.includes(id) || granted.includes(id);
  const allowed = n => {
    const c = decl(n);
    return c ? ok(c[1]) : !D.blockUndeclared;
  };
  // A nameless cookie or the consent cookie: never written, never expired from here.
  const reserved = n => !n || D.consent.includes(n);
  // The name: what comes before the first '=', unless a ';' comes first.
  const name = s => (/^([^;=]*)=/.exec(s)?.[1] || '').trim();
  // A deletion (Max-Age <= 0, else Expires in the past) always passes. The greedy .* finds the
  // last attribute of each kind, skipping a Max-Age that is not an integer (RFC 6265 section 5.2.2).
  const deletes = s => {
    const age = /.*;\s*max-age\s*=\s*(-?\d+)\s*(;|$)/is.exec(s), exp = /.*;\s*expires\s*=([^;]*)/is.exec(s);
    return age ? age[1] <= 0 : Date.parse(exp?.[1]) < Date.now();
  };
  // Refused names are reported once per page, three seconds after the first, so that the
  // inventory lists cookies the server never sees (GuardReports: it counts the first 20). A name
  // holds neither ';' nor '='. Only when the server counts them (D.report: admin.token is set).
  const src = d.currentScript?.src, refused = new Set;
  const report = n => refused.add(n).size == 1 && D.report && src
    && setTimeout(() => navigator.sendBeacon(new URL('../guard', src), [...refused].join(';')), 3e3);
  Object.defineProperty(P, 'cookie', {
    ...orig,
    set(v) {
      v = String(v);
      const n = name(v);
      if (!reserved(n)) deletes(v) || allowed(n) ? orig.set.call(this, v) : report(n);
    }
  });

  // Google Consent Mode v2: each type maps to true (granted), false (denied) or a category.
  const consent = () => {
    const o = {};
    for (const t in cm.types) o[t] = cm.types[t] === true || granted.includes(cm.types[t]) ? 'granted' : 'denied';
    return o;
  };
  if (cm) {
    w.dataLayer ||= [];
    w.gtag ||= function () { dataLayer.push(arguments); };
    gtag('consent', 'default', { ...consent(), wait_for_update: cm.wait });
  }

  // After a choice: expire every readable cookie no longer granted, at its declared Path and
  // Domain and at Path=/.
  const update = g => {
    granted = g;
    decided = true;
    orig.get.call(d).split(';').forEach(p => {
      const n = name(p), c = decl(n), x = n + '=; Max-Age=0; Path=';
      if (reserved(n) || allowed(n)) return;
      orig.set.call(d, x + '/');
      if (c && (c[2] != '/' || c[3])) orig.set.call(d, x + c[2] + (c[3] ? '; Domain=' + c[3] : ''));
    });
    if (cm) gtag('consent', 'update', consent());
  };
  const list = () => granted.slice();
  // The guard's state and update, for the tests (they run the script in Node) and for debugging.
  w.__cookieWardenGuard = { state: () => ({ granted: list(), decided, gpc }), update };

  // ---- The banner.
  const GATED = '[data-cookie-warden-category]', CHANGE = 'cookie-warden:change';
  let root, prefs, back, opener, before, native;

  // A gated script becomes a live copy (type from data-type, nonce kept, async as declared so that
  // scripts run in order); an iframe or img gets its src from data-src.
  const activate = el => {
    if (!ok(el.dataset.cookieWardenCategory)) return;
    if (el.localName == 'script') {
      if (el.type != 'text/plain') return;
      const s = d.createElement('script');
      for (const x of el.attributes) s.setAttribute(x.name, x.value);
      s.type = el.dataset.type || '';
      s.nonce = el.nonce;
      s.async = el.async;
      s.text = el.text;
      el.replaceWith(s);
    } else if (el.dataset.src) {
      el.src = el.dataset.src;
      delete el.dataset.src;
    }
  };
  // A node and what it holds; activating twice does nothing (a live script is no longer
  // text/plain, a frame no longer has its data-src).
  const scan = n => {
    if (n.matches?.(GATED)) activate(n);
    n.querySelectorAll?.(GATED).forEach(activate);
  };

  // Closing decides nothing. Focus goes back to the opener, else to where it was before the banner.
  const close = () => {
    if (prefs) back.remove(), prefs.remove(), prefs = null;
    (opener?.isConnected ? opener : before)?.focus();
    opener = null;
  };

  // The preference center is beside this script's folder. If the dialog cannot be loaded (no
  // #cw-prefs in the answer), the preference center opens as a page.
  const open = el => {
    if (opener || !root) return;
    opener = el || d.activeElement;
    const url = new URL('../preferences?return=' + encodeURIComponent(location.pathname + location.search), src);
    fetch(url + '&fragment=true').then(r => r.text()).then(html => {
      const t = d.createElement('template');
      // The fragment: the backdrop, then the dialog.
      t.innerHTML = html;
      back = t.content.firstChild;
      prefs = t.content.querySelector('#cw-prefs');
      if (!prefs) throw 0;
      root.append(t.content);
      prefs.focus();
    }).catch(() => {
      location.href = url;
    });
  };

  // A choice: posted with fetch; if that fails (an HTTP error has no JSON with categories), the
  // form is posted again the ordinary way.
  // "Customize" (formmethod=get) is not a choice, nor is any form outside the banner and dialog.
  d.addEventListener('submit', e => {
    const f = e.target, b = e.submitter;
    if (f == native || !f.closest('#cw-banner,#cw-prefs') || b?.hasAttribute('formmethod')) return;
    e.preventDefault();
    // The button's name and value go with the fields (a browser that does not know the submitter
    // argument leaves them out: the endpoint refuses, and the fallback posts the form). A
    // URLSearchParams body is sent as x-www-form-urlencoded. getAttribute: the buttons named
    // "action" shadow the form's action property.
    const data = new URLSearchParams(new FormData(f, b));
    fetch(f.getAttribute('action'), { method: 'POST', body: data, headers: { Accept: 'application/json' } })
      .then(r => r.json()).then(r => {
        update(r.categories.filter(c => c.granted && !c.required).map(c => c.id));
        d.getElementById('cw-banner')?.remove();
        close();
        scan(d);
        d.dispatchEvent(new CustomEvent(CHANGE, { detail: { granted: list() } }));
      }).catch(() => {
        native = f;
        b ? b.click() : f.submit();
      });
  });

  d.addEventListener('click', e => {
    const t = e.target, o = t.closest('[data-cookie-warden-open]');
    if (t.closest('[data-cw-close]')) close();
    else if (o && root && !e.ctrlKey && !e.metaKey) e.preventDefault(), open(o);
  });

  // The dialog is modal: Escape closes it, Tab cycles within it.
  d.addEventListener('keydown', e => {
    if (!prefs) return;
    if (e.key == 'Escape') close();
    if (e.key != 'Tab') return;
    const all = [...prefs.querySelectorAll('a,button,input:enabled,summary')].filter(x => x.getClientRects().length);
    const first = all[0], last = all.pop(), c = d.activeElement;
    if (c == prefs || !prefs.contains(c) || c == (e.shiftKey ? first : last)) {
      e.preventDefault();
      (e.shiftKey ? last : first).focus();
    }
  });

  d.addEventListener('DOMContentLoaded', () => {
    root = d.getElementById('cw-root');
    new MutationObserver(ms => ms.forEach(m => m.addedNodes.forEach(scan))).observe(d, { childList: true, subtree: true });
    scan(d);
    const banner = d.getElementById('cw-banner');
    if (banner) before = d.activeElement, banner.focus();
  });

  // Each listener gets its own copy of the list; one that throws does not stop the others.
  w.CookieWarden = {
    granted: list,
    isGranted: ok,
    onChange: fn => {
      const h = () => fn(list());
      d.addEventListener(CHANGE, h);
      return () => d.removeEventListener(CHANGE, h);
    },
    open: () => open()
  };
})(window, document);
