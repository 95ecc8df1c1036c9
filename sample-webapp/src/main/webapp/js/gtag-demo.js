/* The /api-demo page: lists the Google Consent Mode entries in window.dataLayer. Ungated: it sets
   no cookie and loads nothing. Cookie Warden's script, which runs before every other script,
   pushes gtag('consent', 'default', ...) at page load and gtag('consent', 'update', ...) after
   each choice; this shows the first, then watches the array for the others. */
(() => {
  const d = document, out = d.getElementById('consent-log');
  const dataLayer = window.dataLayer = window.dataLayer || [];
  let first = true;

  // gtag() pushes its arguments object: ['consent', 'default' | 'update', {type: 'granted', ...}].
  const show = entry => {
    if (!entry || entry[0] !== 'consent') return;
    if (first) out.replaceChildren(), first = false;
    const li = d.createElement('li'), head = d.createElement('p'), types = d.createElement('ul');
    head.className = 'entry-head';
    head.textContent = "gtag('consent', '" + entry[1] + "') at " + new Date().toLocaleTimeString();
    types.className = 'consent-types';
    for (const [type, value] of Object.entries(entry[2] || {})) {
      const t = d.createElement('li');
      t.textContent = type + ': ' + value;
      if (value === 'granted' || value === 'denied') t.className = value;
      types.append(t);
    }
    li.append(head, types);
    out.append(li);
  };

  Array.from(dataLayer).forEach(show);
  if (first) out.firstElementChild.textContent = 'No consent entries: is consent-mode.enabled=true?';
  const push = dataLayer.push;
  dataLayer.push = function (...entries) {
    entries.forEach(show);
    return push.apply(this, entries);
  };
})();
