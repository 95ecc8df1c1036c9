// Collects Content-Security-Policy violations where a test can read them: the page's policy has
// no report-uri. Loaded as the page's first script; the banner's guard (injected before it) runs
// even earlier, and the browser console catches anything this listener cannot.
window.__cspViolations = window.__cspViolations || [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__cspViolations.push(e.violatedDirective + ' blocked=' + e.blockedURI + ' sample=' + e.sample
      + ' at ' + e.sourceFile + ':' + e.lineNumber);
});
