// Offline use. On install, caches every file of this build (the build writes their names into
// BUILD_FILES, so each build is a new service worker); then serves files from the cache, and pages
// from the network first, so a new build is picked up whenever the server is reachable.

declare const self: ServiceWorkerGlobalScope;

const BUILD_FILES: readonly string[] = ['__BUILD_FILES__'];
const CACHE = `playground-${fnv1a(BUILD_FILES.join('\n'))}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      // startup.js is a plain file beside the page (public/), outside the build's list
      .then((cache) => cache.addAll(['./', './startup.js', ...BUILD_FILES]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(fetch(request).catch(() => cached('./')));
  } else {
    // the server varies on Origin, which the page's crossorigin requests send and install's did not
    event.respondWith(caches.match(request, { ignoreVary: true }).then((hit) => hit ?? fetch(request)));
  }
});

async function cached(url: string): Promise<Response> {
  return (await caches.match(url)) ?? Response.error();
}

/** A short name for this build's file list. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16);
}

export {}; // a module, so `self` above is this file's own declaration
