// The app's service worker. It caches ONLY static files (under {{ static_prefix }}) and the
// offline page. Every other request, and every personal page, goes to the network and is
// never stored: a shared or lost phone must not keep anyone's records.
const CACHE = "mydirection-static-v1";
const OFFLINE_URL = "{% url 'portal:offline' %}";
const STATIC_PREFIX = "{{ static_prefix }}";
const PRECACHE = [OFFLINE_URL{% for url in precache %}, "{{ url }}"{% endfor %}];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)));
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((names) =>
      Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name)))
    ).then(() => self.clients.claim())
  );
});

function isCacheable(url) {
  return url.origin === self.location.origin && url.pathname.startsWith(STATIC_PREFIX);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (isCacheable(url)) {
    event.respondWith(
      caches.match(request).then((hit) => hit || fetch(request).then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      }))
    );
    return;
  }
  if (request.mode === "navigate") {
    // Network only; the offline page when there is no network. Nothing is stored.
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE_URL)));
  }
});
