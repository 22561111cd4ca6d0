import { defineConfig, type Plugin } from 'vite';

// The service worker (src/sw.ts) is its own entry, emitted as sw.js at the root of dist so its scope
// is the whole page; this plugin writes the names of the build's files into it for offline use.
function serviceWorkerFiles(): Plugin {
  const placeholder = /\[\s*(["'`])__BUILD_FILES__\1\s*\]/;
  return {
    name: 'service-worker-files',
    apply: 'build',
    generateBundle(_options, bundle) {
      const worker = bundle['sw.js'];
      if (worker?.type !== 'chunk' || !placeholder.test(worker.code)) {
        this.error('sw.js or its __BUILD_FILES__ placeholder is missing from the bundle');
      }
      const files = Object.keys(bundle).filter((name) => name !== 'sw.js' && name !== 'index.html' && !name.startsWith('bench'));
      worker.code = worker.code.replace(placeholder, JSON.stringify(files.sort()));
    },
  };
}

export default defineConfig({
  base: './',
  plugins: [serviceWorkerFiles()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    rolldownOptions: {
      input: { index: 'index.html', bench: 'bench.html', sw: 'src/sw.ts' },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
});
