import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// The dev server forwards the API to a running `zeren serve` (ZEREN_API, default
// 127.0.0.1:8080), so the UI is always developed against the real server.
const api = process.env.ZEREN_API || 'http://127.0.0.1:8080'

export default defineConfig({
  plugins: [vue()],
  server: {
    proxy: { '/api': { target: api, changeOrigin: false } }
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender')) return 'echarts'
          if (id.includes('node_modules/element-plus') || id.includes('node_modules/@element-plus')) return 'element-plus'
          if (id.includes('excel-file') || id.includes('fflate') || id.includes('saxen')) return 'excel'
          if (id.includes('node_modules')) return 'vendor'
        }
      }
    }
  }
})
