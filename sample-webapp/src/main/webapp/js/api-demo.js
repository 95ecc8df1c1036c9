/* The /api-demo page: Cookie Warden's JavaScript API, live. Loaded with defer after Cookie
   Warden's own script (synchronous, in head), so window.CookieWarden is there when this runs. */
(() => {
  const d = document, cw = window.CookieWarden;
  const grantedOut = d.getElementById('granted'), missing = d.getElementById('api-missing');
  const rows = [...d.querySelectorAll('#categories tr[data-category]')];
  const changes = d.getElementById('changes'), button = d.getElementById('open-settings');
  if (!cw) {
    missing.textContent = 'window.CookieWarden is missing: Cookie Warden\'s script did not load.';
    return;
  }
  missing.hidden = true;

  const show = granted => {
    grantedOut.textContent = JSON.stringify(granted);
    rows.forEach(row => {
      const on = cw.isGranted(row.dataset.category), cell = row.querySelector('.state');
      cell.textContent = on ? 'granted' : 'not granted';
      cell.className = 'state ' + (on ? 'on' : 'off');
    });
  };
  show(cw.granted());

  cw.onChange(granted => {
    show(granted);
    const none = changes.querySelector('.none');
    if (none) none.remove();
    const li = d.createElement('li');
    li.textContent = new Date().toLocaleTimeString() + ': granted ' + JSON.stringify(granted);
    changes.append(li);
  });

  button.hidden = false;
  button.addEventListener('click', () => cw.open());
})();
