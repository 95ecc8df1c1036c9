// A gated script the page adds after load.
window.lateRuns = (window.lateRuns || 0) + 1;
