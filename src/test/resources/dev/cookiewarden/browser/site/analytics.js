// A gated audience-measurement tag: sets its visitor id (when there is none yet) and says it ran.
window.analyticsRuns = (window.analyticsRuns || 0) + 1;
window.analyticsRan = true;
if (!/(^|; )_ga=/.test(document.cookie)) document.cookie = '_ga=GA1.2.3; path=/; max-age=3600';
