/* Cookie Warden guard. Runs synchronously in <head>, before any page script: drops document.cookie
   writes of categories not granted, and sets the Google Consent Mode defaults. The data comes from
   the configuration (see GuardScript); the visitor's state from this tag's data-cw-* attributes. */
((w, d) => {
  const D = __CW_DATA__, cm = D.consentMode, a = (d.currentScript || {}).dataset || {};
  const P = Document.prototype, orig = Object.getOwnPropertyDescriptor(P, 'cookie');
  let decided = a.cwDecided == 'true', granted = (a.cwGranted || '').split(' ').filter(Boolean);
  // navigator.globalPrivacyControl means what Sec-GPC: 1 means to the server.
  const gpc = a.cwGpc == 'true' || D.gpc && !decided && navigator.globalPrivacyControl === true;

  // Declarations [name regex, category, path, domain?]: exact names first, then the globs in the
  // server's order; the first match wins.
  D.cookies.forEach(c => { c[0] = RegExp(c[0], 's'); });
  const decl = n => D.cookies.find(c => c[0].test(n));
  const allowed = n => {
    const c = decl(n);
    return c ? D.required.includes(c[1]) || granted.includes(c[1]) : D.undeclared != 'block';
  };
  // A nameless cookie or the consent cookie: never written, never expired from here.
  const reserved = n => !n || D.consent.includes(n);
  const name = s => {
    const p = s.split(';')[0], i = p.indexOf('=');
    return i < 0 ? '' : p.slice(0, i).trim();
  };
  // A deletion (Max-Age <= 0, else Expires in the past; the last of each counts) always passes.
  const deletes = s => {
    let age, exp;
    s.replace(/;\s*(max-age|expires)\s*=([^;]*)/gi, (_, k, v) => {
      if (/^m/i.test(k)) { if (/^\s*-?\d+\s*$/.test(v)) age = +v; } else exp = Date.parse(v);
    });
    return age != null ? age <= 0 : exp < Date.now();
  };
  Object.defineProperty(P, 'cookie', {
    configurable: true, enumerable: orig.enumerable, get: orig.get,
    set(v) {
      v = String(v);
      const n = name(v);
      if (!reserved(n) && (deletes(v) || allowed(n))) orig.set.call(this, v);
    }
  });

  // Google Consent Mode v2: each type maps to true (granted), false (denied) or a category.
  const consent = () => {
    const o = {};
    for (const t in cm.types) o[t] = cm.types[t] === true || granted.includes(cm.types[t]) ? 'granted' : 'denied';
    return o;
  };
  if (cm) {
    w.dataLayer = w.dataLayer || [];
    w.gtag = w.gtag || function () { dataLayer.push(arguments); };
    gtag('consent', 'default', Object.assign(consent(), { wait_for_update: cm.wait }));
  }

  w.__cookieWardenGuard = {
    state: () => ({ granted: granted.slice(), required: D.required.slice(), decided, gpc }),
    // After a choice: expire every readable cookie no longer granted, at its declared Path and
    // Domain and at Path=/.
    update(g) {
      granted = g.slice();
      decided = true;
      orig.get.call(d).split(';').forEach(p => {
        const n = name(p), c = decl(n), x = n + '=; Max-Age=0; Path=';
        if (reserved(n) || allowed(n)) return;
        orig.set.call(d, x + '/');
        if (c && (c[2] != '/' || c[3])) orig.set.call(d, x + c[2] + (c[3] ? '; Domain=' + c[3] : ''));
      });
      if (cm) gtag('consent', 'update', consent());
    }
  };
})(window, document);
