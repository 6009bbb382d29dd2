// Vite build of the web front end: two pages from one root (web/), built into web/dist,
// which `huiyin serve` loads at start:
//   web/index.html          → /            the mobile H5 for the public (web/h5/)
//   web/console/index.html  → /console/    the staff console (web/console/)
// Shared code is in web/shared/. Built assets are content-hashed under /assets/ (the
// server caches those for a year, HTML not at all).
//
// The server sends `default-src 'self'; img-src 'self' data: blob:; ...`, so the build
// must need no inline script, no eval and no font from elsewhere:
//   - vue-i18n messages are precompiled from locales/*.json (runtime-only vue-i18n);
//   - fonts are never inlined as data: URLs, and the ones a library's CSS carries inline
//     (Vant's icon font) are written out as files (cspFonts below).
//
//   npx vite build --config web/vite.config.js      (what `make` runs)
//   npx vite --config web/vite.config.js            (dev server; /api proxied to :8080)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import VueI18nPlugin from '@intlify/unplugin-vue-i18n/vite';

const root = path.dirname(fileURLToPath(import.meta.url));
const FONT_RE = /\.(woff2?|ttf|otf|eot)(\?.*)?$/i;

// Pages: each index.html that exists; HUIYIN_WEB_PAGES=h5 (or console) builds only those
// named, comma-separated, while working on one app.
const pages = { h5: 'index.html', console: 'console/index.html' };
const only = (process.env.HUIYIN_WEB_PAGES || '').split(',').filter(Boolean);
const input = Object.fromEntries(
  Object.entries(pages)
    .filter(([k, f]) => (!only.length || only.includes(k)) && fs.existsSync(path.join(root, f)))
    .map(([k, f]) => [k, path.join(root, f)]),
);

// Moves fonts embedded in built CSS as data: URLs into hashed files of their own, since
// the CSP's default-src 'self' (no font-src) refuses data: fonts, and drops @font-face
// sources on other hosts (Vant lists a CDN copy of its icon font as a fallback).
function cspFonts() {
  const REMOTE_SRC = /,?\s*url\(\s*(['"]?)(?:https?:)?\/\/[^)]*\1\s*\)(?:\s*format\([^)]*\))?/g;
  const dropRemote = (css) => css.replace(/@font-face\s*\{[^}]*\}/g, (rule) => rule.replace(REMOTE_SRC, '').replace(/src:\s*,/, 'src:'));
  const DATA_FONT = /url\(\s*(['"]?)data:(font\/[a-z0-9.+-]+|application\/(?:font-woff2?|x-font-[a-z]+))[^,]*;base64,([A-Za-z0-9+/=]+)\1\s*\)/g;
  return {
    name: 'huiyin-csp-fonts',
    apply: 'build',
    generateBundle(_opts, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type !== 'asset' || !file.fileName.endsWith('.css')) continue;
        const css = typeof file.source === 'string' ? file.source : Buffer.from(file.source).toString('utf8');
        if (!css.includes('@font-face')) continue;
        const out = dropRemote(css).replace(DATA_FONT, (_m, _q, mime, b64) => {
          const ext = /woff2/.test(mime) ? 'woff2' : /woff/.test(mime) ? 'woff' : /otf|opentype/.test(mime) ? 'otf' : 'ttf';
          const ref = this.emitFile({ type: 'asset', name: `font.${ext}`, source: Buffer.from(b64, 'base64') });
          return `url(/${this.getFileName(ref)})`;
        });
        file.source = out;
      }
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  publicDir: false,
  plugins: [
    vue(),
    VueI18nPlugin({
      include: [path.join(root, '**/locales/*.json')],
      runtimeOnly: true,
      compositionOnly: true,
      fullInstall: true,
      strictMessage: true,
      escapeHtml: false,
      dropMessageCompiler: true,
    }),
    cspFonts(),
  ],
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    assetsDir: 'assets',
    // Images may be inlined (img-src allows data:), fonts never.
    assetsInlineLimit: (file) => (FONT_RE.test(file) ? false : undefined),
    target: 'es2020',
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input,
      output: {
        manualChunks(id) {
          if (!id.includes('node_modules')) return undefined;
          if (id.includes('element-plus') || id.includes('@element-plus')) return 'element-plus';
          if (id.includes('/vant/') || id.includes('@vant')) return 'vant';
          if (/node_modules\/(@vue|vue|vue-router|vue-i18n|@intlify)\//.test(id)) return 'vue';
          if (/node_modules\/(echarts|zrender)\//.test(id)) return 'echarts';
          return undefined;
        },
      },
    },
  },
  server: {
    host: '127.0.0.1',
    proxy: { '/api': 'http://127.0.0.1:8080', '/healthz': 'http://127.0.0.1:8080' },
  },
});
