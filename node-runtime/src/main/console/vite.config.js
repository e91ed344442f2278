import { fileURLToPath, URL } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import AutoImport from 'unplugin-auto-import/vite';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';

// Built into the jar's META-INF/resources, which Quarkus serves statically: /console/ is index.html.
const outDir = fileURLToPath(new URL('../../../target/classes/META-INF/resources/console', import.meta.url));

// The dev server forwards API calls to a running node (CASCADE_NODE, default http://127.0.0.1:8080).
const node = process.env.CASCADE_NODE || 'http://127.0.0.1:8080';

export default defineConfig({
  base: '/console/',
  plugins: [
    vue(),
    // Element Plus on demand: only the components and their CSS that the pages use.
    AutoImport({ resolvers: [ElementPlusResolver()], dts: false }),
    Components({ resolvers: [ElementPlusResolver()], dts: false }),
  ],
  define: {
    // vue-i18n compiles messages to an AST at run time (no eval: the CSP has no 'unsafe-eval').
    __VUE_I18N_FULL_INSTALL__: false,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
    __INTLIFY_JIT_COMPILATION__: true,
    __INTLIFY_DROP_MESSAGE_COMPILER__: false,
    __VUE_PROD_DEVTOOLS__: false,
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: false,
  },
  build: {
    outDir,
    emptyOutDir: true,
    // Every script and style is a file of this origin: the node's CSP allows nothing inline.
    assetsInlineLimit: 0,
    cssCodeSplit: true,
    modulePreload: { polyfill: false },
    reportCompressedSize: true,
    // The largest chunk is ECharts, loaded only with the supervision page.
    chunkSizeWarningLimit: 700,
  },
  server: {
    proxy: {
      '/api': node,
      '/admin': node,
    },
  },
});
