/* Maison Cookie's stand-in for an analytics tag: local, it sends nothing anywhere. Every page
   includes it as <script type="text/plain" data-cookie-warden-category="analytics">, so it runs
   only once "Audience measurement" is granted: at page load when it already is, or right after the
   visitor grants it. Like Google's tag, it writes _ga through document.cookie; Cookie Warden's guard
   would refuse that write without consent anyway. A small badge says it is running. */
(() => {
  const d = document;
  const twoYears = 2 * 365 * 24 * 3600;
  const id = 'GA1.1.' + Math.floor(1e9 + Math.random() * 9e9) + '.' + Math.floor(Date.now() / 1000);
  d.cookie = '_ga=' + id + '; Path=/; Max-Age=' + twoYears + '; SameSite=Lax';

  const badge = d.createElement('p');
  badge.className = 'analytics-badge';
  badge.setAttribute('role', 'status');
  badge.textContent = 'Analytics active';
  badge.title = '/js/analytics.js is running; it set _ga';
  d.body.append(badge);

  // A script cannot be unloaded: after a withdrawal it stays in memory until the next page, but
  // Cookie Warden has already deleted _ga and refuses to let it be written again.
  d.addEventListener('cookie-warden:change', e => {
    const on = e.detail.granted.includes('analytics');
    badge.classList.toggle('off', !on);
    badge.textContent = on ? 'Analytics active' : 'Analytics stopped';
  });
})();
