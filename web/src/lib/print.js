// Whether the page is being printed (or shown as print media): lists render their paper form
// (DataTable's plain table) only then, so the screen's DOM stays as it is.
import { ref } from 'vue'

export const printing = ref(false)

if (typeof window !== 'undefined' && window.matchMedia) {
  const media = window.matchMedia('print')
  printing.value = media.matches
  media.addEventListener('change', (e) => (printing.value = e.matches))
  window.addEventListener('beforeprint', () => (printing.value = true))
  window.addEventListener('afterprint', () => (printing.value = media.matches))
}
