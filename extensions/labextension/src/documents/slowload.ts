/**
 * jupyter-collaboration asks "The document is taking some time to load. What would you like to
 * do?" when a shared document has not synced within 5 s, and the modal stays up after the
 * document has loaded. On a busy room server a candidate then faces a dialog over a notebook
 * that works. Answer it "Continue waiting" by ourselves once every open document is ready; if
 * a document really is stuck the dialog stays, so Retry and Cancel remain the person's choice.
 */
import { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';

/** How long a document may take before the dialog is left to the person. */
const GIVE_UP_MS = 60_000;
const POLL_MS = 200;

interface IHasContext {
  context?: { isReady?: boolean };
}

function openDocumentsReady(app: JupyterFrontEnd): boolean {
  for (const widget of app.shell.widgets('main')) {
    const context = (widget as unknown as IHasContext).context;
    if (context && context.isReady === false) {
      return false;
    }
  }
  return true;
}

function loadingDialogs(): HTMLElement[] {
  return Array.from(document.querySelectorAll<HTMLElement>('dialog.jp-Dialog')).filter(
    d => (d.getAttribute('aria-label') ?? '').includes('taking some time to load')
  );
}

function answerWhenReady(app: JupyterFrontEnd, dialog: HTMLElement): void {
  const started = Date.now();
  const timer = window.setInterval(() => {
    if (!dialog.isConnected || Date.now() - started > GIVE_UP_MS) {
      window.clearInterval(timer);
      return;
    }
    if (openDocumentsReady(app)) {
      window.clearInterval(timer);
      dialog.querySelector<HTMLButtonElement>('.jp-Dialog-button.jp-mod-accept')?.click();
    }
  }, POLL_MS);
}

export const slowLoadPlugin: JupyterFrontEndPlugin<void> = {
  id: '@interviewhub/room:slow-load',
  description: 'Closes the "taking some time to load" dialog once the document has loaded.',
  autoStart: true,
  activate: (app: JupyterFrontEnd): void => {
    const watched = new WeakSet<HTMLElement>();
    new MutationObserver(() => {
      for (const dialog of loadingDialogs()) {
        if (!watched.has(dialog)) {
          watched.add(dialog);
          answerWhenReady(app, dialog);
        }
      }
    }).observe(document.body, { childList: true });
  }
};
