/* Cookie Warden banner script (defer). The banner works without it; with it, choices are sent
   without leaving the page, the preference center opens as a modal dialog, gated elements come
   alive once their category is granted, and window.CookieWarden is there. See docs/BANNER.md.
   Served with comments and indentation removed (Compactor): no trailing comments, no multi-line
   strings. */
(() => {
  const d = document, root = d.getElementById('cw-root'), guard = window.__cookieWardenGuard;
  const st = guard ? guard.state() : { granted: [], required: [] }, GATED = '[data-cookie-warden-category]';
  let granted = st.granted, subs = [], prefs, back, opener, before, busy, native;

  const ok = id => granted.includes(id) || st.required.includes(id);
  const focus = el => el && el.isConnected && el.focus();

  // A gated script becomes a live copy (type from data-type, nonce kept, async as declared so that
  // scripts run in order); an iframe or img gets its src from data-src.
  const activate = el => {
    if (!ok(el.dataset.cookieWardenCategory)) return;
    if (el.localName == 'script') {
      if (el.type != 'text/plain') return;
      const s = d.createElement('script');
      for (const a of el.attributes) s.setAttribute(a.name, a.value);
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
  const scan = n => {
    if (n.nodeType != 1) return;
    if (n.matches(GATED)) activate(n);
    n.querySelectorAll(GATED).forEach(activate);
  };

  // Closing decides nothing. Focus goes back to the opener, else to where it was before the banner.
  const close = () => {
    if (prefs) prefs.remove(), back.remove(), prefs = null;
    focus(opener && opener.isConnected ? opener : before);
    opener = null;
  };

  const open = el => {
    if (prefs || busy || !root) return;
    busy = 1;
    opener = el || d.activeElement;
    const url = root.dataset.cwPrefix + '/preferences?return=' + encodeURIComponent(location.pathname + location.search);
    fetch(url + '&fragment=true', { credentials: 'same-origin' })
      .then(r => { if (!r.ok) throw r; return r.text(); })
      .then(html => {
        const t = d.createElement('template');
        t.innerHTML = html;
        prefs = t.content.querySelector('#cw-prefs');
        if (!prefs) throw html;
        back = d.createElement('div');
        back.className = 'cw-backdrop';
        back.dataset.cwClose = '';
        root.append(back, prefs);
        prefs.focus();
      })
      .catch(() => { location.href = url; })
      .finally(() => { busy = 0; });
  };

  // A choice: posted with fetch; if that fails, the form is posted again the ordinary way.
  d.addEventListener('submit', e => {
    const f = e.target, b = e.submitter;
    // Only the choice forms of the banner and of the dialog; "Customize" (formmethod=get) is not a choice.
    if (f == native || !(f.closest('#cw-banner') || prefs && prefs.contains(f))
        || f.method != 'post' || b && b.hasAttribute('formmethod')) return;
    e.preventDefault();
    const data = new FormData(f, b);
    if (b && b.name && !data.has(b.name)) data.append(b.name, b.value);
    // A URLSearchParams body is sent as application/x-www-form-urlencoded.
    // getAttribute: the buttons named "action" shadow the form's action property.
    fetch(f.getAttribute('action'), {
      method: 'POST', credentials: 'same-origin', body: new URLSearchParams(data), headers: { Accept: 'application/json' }
    })
      .then(r => { if (!r.ok) throw r; return r.json(); })
      .then(res => {
        granted = res.categories.filter(c => c.granted && !c.required).map(c => c.id);
        if (guard) guard.update(granted);
        const banner = d.getElementById('cw-banner');
        if (banner) banner.remove();
        close();
        scan(d.documentElement);
        d.dispatchEvent(new CustomEvent('cookie-warden:change', { detail: { granted: granted.slice() } }));
        subs.forEach(fn => { try { fn(granted.slice()); } catch (x) { console.error(x); } });
      }, () => { native = f; b ? b.click() : f.submit(); });
  });

  d.addEventListener('click', e => {
    const o = e.target.closest('[data-cw-open],[data-cookie-warden-open]');
    if (e.target.closest('[data-cw-close]')) close();
    else if (o && root && !e.ctrlKey && !e.metaKey) e.preventDefault(), open(o);
  });

  // The dialog is modal: Escape closes it, Tab cycles within it.
  d.addEventListener('keydown', e => {
    if (!prefs) return;
    if (e.key == 'Escape') close();
    if (e.key != 'Tab') return;
    const all = [...prefs.querySelectorAll('a,button,input,summary')]
      .filter(x => !x.disabled && x.getClientRects().length), first = all[0], last = all.pop(), c = d.activeElement;
    if (c == prefs || !prefs.contains(c) || c == (e.shiftKey ? first : last)) {
      e.preventDefault();
      focus(e.shiftKey ? last : first);
    }
  });

  new MutationObserver(ms => ms.forEach(m => m.addedNodes.forEach(scan)))
    .observe(d.documentElement, { childList: true, subtree: true });
  scan(d.documentElement);
  const banner = d.getElementById('cw-banner');
  if (banner) before = d.activeElement, banner.focus();

  window.CookieWarden = {
    granted: () => granted.slice(),
    isGranted: ok,
    onChange: fn => { subs.push(fn); return () => { subs = subs.filter(x => x != fn); }; },
    open: () => open()
  };
})();
