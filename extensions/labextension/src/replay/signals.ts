/**
 * Integrity signals for the replay (staff only; docs/replay.md): large pastes (size, where,
 * copied inside the room or not), the tab hidden or the window unfocused (and for how long),
 * and resizes that make the window small. Each is sent as a room-protocol `signal` message;
 * the server keeps them for candidates only, rate-limited. They are facts, never verdicts.
 */
import { RoomConnection } from '../room/connection';

export const LARGE_PASTE = 100; // characters
const MIN_AWAY_MS = 500;
const SMALL = 0.5; // of the screen, in either direction

export function watchSignals(conn: RoomConnection, currentPath: () => string | null): void {
  const copied: string[] = [];
  const remember = () => {
    const text = String(window.getSelection() ?? '');
    if (text.length >= LARGE_PASTE) {
      copied.push(text);
      copied.splice(0, Math.max(0, copied.length - 20));
    }
  };
  document.addEventListener('copy', remember, true);
  document.addEventListener('cut', remember, true);
  document.addEventListener(
    'paste',
    (event: ClipboardEvent) => {
      const text = event.clipboardData?.getData('text/plain') ?? '';
      if (text.length < LARGE_PASTE) {
        return;
      }
      const inside =
        copied.some(c => c === text || c.includes(text)) ||
        (text.length <= 20000 && document.body.innerText.includes(text));
      conn.send('signal', {
        signal: 'paste',
        size: text.length,
        source: inside ? 'internal' : 'external',
        path: currentPath() ?? undefined
      });
    },
    true
  );

  let hiddenSince: number | null = null;
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') {
      hiddenSince = Date.now();
    } else if (hiddenSince !== null) {
      const duration = Date.now() - hiddenSince;
      hiddenSince = null;
      if (duration >= MIN_AWAY_MS) {
        conn.send('signal', { signal: 'hidden', duration_ms: duration });
      }
    }
  });
  let blurSince: number | null = null;
  window.addEventListener('blur', () => {
    blurSince = Date.now();
  });
  window.addEventListener('focus', () => {
    if (blurSince !== null) {
      const duration = Date.now() - blurSince;
      blurSince = null;
      if (duration >= MIN_AWAY_MS && hiddenSince === null) {
        conn.send('signal', { signal: 'blur', duration_ms: duration });
      }
    }
  });

  let resizeTimer: number | undefined;
  let wasSmall = false;
  window.addEventListener('resize', () => {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(() => {
      const small =
        window.innerWidth < SMALL * window.screen.availWidth ||
        window.innerHeight < SMALL * window.screen.availHeight;
      if (small && !wasSmall) {
        conn.send('signal', { signal: 'resize', width: window.innerWidth, height: window.innerHeight });
      }
      wasSmall = small;
    }, 1000);
  });
}
