// Lets a phone install the app and show a page when it is offline. The worker caches only
// static files and the offline page, never personal pages (see /my/sw.js).
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/my/sw.js", { scope: "/my/" }).catch(function () {});
}
