/**
 * Full-page screens a candidate sees instead of the notebook: the waiting room until they are
 * admitted (or the interview starts), and "interview ended" once it is over. The room server
 * refuses them the notebook, files and kernels meanwhile; this only says why. The interview
 * panel stays reachable beside the waiting screen, so chat and video already work there.
 */
import type { RoomPanel } from './panel';

/** The address the page was opened at (e.g. `…/lab/tree/interview.ipynb`), before JupyterLab,
 * refused the file while waiting, rewrites it to `…/lab`: where to go once admitted. */
const OPENED_AT = window.location.href;

export class Overlay {
  constructor(private panel: RoomPanel) {
    window.addEventListener('resize', () => this.placeBesidePanel());
    window.setInterval(() => this.placeBesidePanel(), 1000);
    // While waiting, JupyterLab's own requests are refused (403) and it says so in modal
    // dialogs that would cover the waiting screen and the panel: dismiss them.
    new MutationObserver(() => this.dismissDialogs()).observe(document.body, { childList: true });
  }

  /** Keep the right sidebar (the interview panel) visible beside the waiting screen. */
  placeBesidePanel(): void {
    // the right sidebar: its open panel if any, and always its tab bar (to open the panel)
    let left = window.innerWidth;
    for (const el of [document.getElementById('jp-right-stack'), document.querySelector('.jp-SideBar.jp-mod-right')]) {
      if (el instanceof HTMLElement && el.offsetWidth > 0) {
        left = Math.min(left, el.getBoundingClientRect().left);
      }
    }
    document.documentElement.style.setProperty('--ih-overlay-right', `${Math.max(0, window.innerWidth - left)}px`);
  }

  private dismissDialogs(): void {
    if (this.shown !== 'waiting' && this.shown !== 'denied' && this.shown !== 'ended') {
      return;
    }
    for (const dialog of Array.from(document.querySelectorAll('.jp-Dialog'))) {
      const close =
        dialog.querySelector<HTMLButtonElement>('.jp-Dialog-button.jp-mod-reject') ??
        dialog.querySelector<HTMLButtonElement>('.jp-Dialog-button');
      close?.click();
    }
  }

  /** What a candidate should see now: nothing, waiting, denied or ended. */
  mode(): 'none' | 'waiting' | 'denied' | 'ended' {
    const p = this.panel;
    if (p.phase === 'ended' || (p.conn.finished && p.me?.role === 'candidate')) {
      return p.me?.role === 'candidate' ? 'ended' : 'none';
    }
    if (p.me?.role !== 'candidate') {
      return 'none';
    }
    const admission = p.me.admission ?? 'waiting';
    if (admission === 'denied') {
      return 'denied';
    }
    if (admission === 'admitted' || p.phase === 'live') {
      return 'none';
    }
    return 'waiting';
  }

  update(): void {
    const mode = this.mode();
    if (mode === this.shown) {
      return;
    }
    const was = this.shown;
    this.shown = mode;
    this.node?.remove();
    this.node = null;
    document.body.dataset.ihRoom = mode;
    if (mode === 'none') {
      if (was === 'waiting' || was === 'denied') {
        // JupyterLab was refused the notebook while waiting: load it again, now allowed
        window.location.assign(OPENED_AT);
      }
      return;
    }
    const text = {
      waiting: [
        'Waiting for the interviewer',
        'The interviewer will let you in shortly. You can already chat and check your camera and microphone in the panel on the right.'
      ],
      denied: ['You were not admitted', 'The interviewer did not admit you to this interview.'],
      ended: ['The interview has ended', 'Thank you. You can close this page now.']
    }[mode];
    const node = document.createElement('div');
    node.className = `ih-overlay ih-overlay-${mode}`;
    node.setAttribute('role', mode === 'ended' ? 'alertdialog' : 'dialog');
    node.setAttribute('aria-modal', mode === 'ended' ? 'true' : 'false');
    node.setAttribute('aria-labelledby', 'ih-overlay-title');
    const h = document.createElement('h1');
    h.id = 'ih-overlay-title';
    h.textContent = text[0];
    const p = document.createElement('p');
    p.textContent = text[1];
    node.append(h, p);
    document.body.appendChild(node);
    this.node = node;
    if (mode === 'waiting') {
      this.panel.reveal(); // the chat and video beside the waiting screen
    }
    this.placeBesidePanel();
    this.dismissDialogs();
    if (mode === 'ended') {
      // the whole page: nothing of the room is left behind the message
      document.body.classList.add('ih-ended');
      for (const v of Array.from(document.querySelectorAll('video'))) {
        (v as HTMLVideoElement).srcObject = null;
      }
    }
  }

  private shown: 'none' | 'waiting' | 'denied' | 'ended' = 'none';
  private node: HTMLElement | null = null;
}
