import { ref, onMounted, onBeforeUnmount } from 'vue';

/** A ref with the current time in millis, ticking every second while the component lives. */
export function useNow() {
  const now = ref(Date.now());
  let timer;
  onMounted(() => {
    timer = setInterval(() => {
      now.value = Date.now();
    }, 1000);
  });
  onBeforeUnmount(() => clearInterval(timer));
  return now;
}

/** Calls fn every interval ms while the component lives and while shouldRun() holds. */
export function usePolling(fn, interval, shouldRun = () => true) {
  let timer;
  onMounted(() => {
    timer = setInterval(() => {
      if (shouldRun() && document.visibilityState !== 'hidden') fn();
    }, interval);
  });
  onBeforeUnmount(() => clearInterval(timer));
}
