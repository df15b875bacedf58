/**
 * History of the open document (extensions/room/history.py): its snapshots (every 30 s while it
 * changes, and at each run and submission), a diff of one against the current text, and
 * Restore for interviewers: a live change every collaborator sees, and the replay shows.
 */
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';
import { Widget } from '@lumino/widgets';

interface ISnapshot {
  ms: number;
  reason: string;
  chars: number;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = cls;
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

export class HistoryPanel extends Widget {
  constructor(
    private settings: ServerConnection.ISettings,
    private currentPath: () => string | null,
    private mayRestore: () => boolean
  ) {
    super();
    this.id = 'interviewhub-history';
    this.title.label = 'History';
    this.title.caption = 'Versions of the open file';
    this.addClass('ih-history');
    const bar = el('div', 'ih-history-bar');
    this.pathLabel = el('span', 'ih-history-path', '');
    const refresh = el('button', 'ih-history-refresh jp-Button', 'Refresh');
    refresh.onclick = () => void this.refresh();
    bar.append(this.pathLabel, refresh);
    this.list = el('ol', 'ih-history-list');
    this.detail = el('div', 'ih-history-detail');
    this.node.append(bar, this.list, this.detail);
  }

  protected onAfterShow(): void {
    void this.refresh();
  }

  private url(params: Record<string, string>): string {
    const query = new URLSearchParams(params).toString();
    return URLExt.join(this.settings.baseUrl, 'interviewhub/api/history') + '?' + query;
  }

  private async call(url: string, init: RequestInit = {}): Promise<any> {
    const response = await ServerConnection.makeRequest(url, init, this.settings);
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new Error(body.error || body.message || `${response.status}`);
    }
    return body;
  }

  async refresh(): Promise<void> {
    const path = this.currentPath();
    this.pathLabel.textContent = path ?? '(no file open)';
    this.list.textContent = '';
    this.detail.textContent = '';
    if (!path) {
      return;
    }
    try {
      const data = await this.call(this.url({ path }));
      const snaps: ISnapshot[] = data.snapshots;
      if (!snaps.length) {
        this.list.append(el('li', 'ih-history-empty', 'No snapshots yet (one every 30 s while the file changes).'));
      }
      for (const snap of snaps.slice().reverse()) {
        const item = el('li', 'ih-history-item');
        item.dataset.ms = String(snap.ms);
        const when = new Date(snap.ms).toLocaleTimeString([], { hour12: false });
        const button = el('button', 'ih-history-open', `${when} · ${snap.reason} · ${snap.chars} chars`);
        button.onclick = () => void this.showSnapshot(path, snap.ms);
        item.append(button);
        this.list.append(item);
      }
    } catch (e) {
      this.detail.append(el('p', 'ih-history-error', `History unavailable: ${(e as Error).message}`));
    }
  }

  async showSnapshot(path: string, ms: number): Promise<void> {
    this.detail.textContent = '';
    const data = await this.call(this.url({ path, ms: String(ms) }));
    this.detail.append(el('h4', 'ih-history-title', `Changes since ${new Date(ms).toLocaleTimeString([], { hour12: false })}`));
    const diff = el('pre', 'ih-history-diff');
    for (const line of (data.diff || '(no difference from the current text)').split('\n')) {
      const cls = line.startsWith('+') ? 'ih-add' : line.startsWith('-') ? 'ih-del' : '';
      diff.append(el('span', cls, line + '\n'));
    }
    this.detail.append(diff);
    if (this.mayRestore()) {
      const restore = el('button', 'ih-history-restore jp-Button', 'Restore this version');
      restore.onclick = async () => {
        try {
          await this.call(URLExt.join(this.settings.baseUrl, 'interviewhub/api/history'), {
            method: 'POST',
            body: JSON.stringify({ path, ms })
          });
          await this.refresh();
          this.detail.append(el('p', 'ih-history-done', 'Restored: everyone sees this version now.'));
        } catch (e) {
          this.detail.append(el('p', 'ih-history-error', `Not restored: ${(e as Error).message}`));
        }
      };
      this.detail.append(restore);
    }
  }

  private pathLabel: HTMLSpanElement;
  private list: HTMLOListElement;
  private detail: HTMLDivElement;
}
