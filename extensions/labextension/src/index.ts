import {
  ILabShell,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';
import { Widget } from '@lumino/widgets';

import { historyPlugin } from './history/plugin';
import { liveRoomPlugin } from './room/plugin';
import { problemsPlugin } from './problems/plugin';
import { sharedTrustPlugin } from './trust';

/**
 * Shape of `GET <baseUrl>interviewhub/api/whoami`.
 */
export interface IWhoAmI {
  username: string;
  display_name: string;
  role: 'interviewer' | 'candidate' | 'admin' | string;
  interview: { id: number; title: string } | null;
}

const PLUGIN_ID = '@interviewhub/room:plugin';
const TOPBAR_ID = 'interviewhub-topbar';

/**
 * Fetch the current InterviewHub identity; throws on any failure.
 */
export async function fetchWhoAmI(
  settings: ServerConnection.ISettings = ServerConnection.makeSettings()
): Promise<IWhoAmI> {
  const url = URLExt.join(settings.baseUrl, 'interviewhub/api/whoami');
  const response = await ServerConnection.makeRequest(
    url,
    { method: 'GET' },
    settings
  );
  if (!response.ok) {
    throw new ServerConnection.ResponseError(response);
  }
  return (await response.json()) as IWhoAmI;
}

function span(className: string, text: string): HTMLSpanElement {
  const el = document.createElement('span');
  el.className = className;
  el.textContent = text;
  return el;
}

function sep(): HTMLSpanElement {
  return span('ih-sep', ' · ');
}

/**
 * Build the top bar widget:
 * `InterviewHub · <title> · <display_name> (<role>)`.
 */
export function createTopBar(info: IWhoAmI): Widget {
  const widget = new Widget();
  widget.id = TOPBAR_ID;
  widget.addClass('ih-topbar');
  const node = widget.node;
  const role = String(info.role ?? '');
  node.dataset.role = role;
  node.title = `Signed in as ${info.username}`;

  const title = info.interview?.title ?? '';
  node.appendChild(span('ih-brand', 'InterviewHub'));
  node.appendChild(sep());
  node.appendChild(span('ih-title', title));
  node.appendChild(sep());
  node.appendChild(span('ih-name', info.display_name || info.username));
  node.appendChild(document.createTextNode(' ('));
  node.appendChild(span('ih-role', role));
  node.appendChild(document.createTextNode(')'));
  return widget;
}

const plugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description: 'Shows the InterviewHub interview, user and role in the top bar.',
  autoStart: true,
  // The JupyterFrontEnd itself is always passed as `app`; it is not a token.
  requires: [],
  optional: [ILabShell],
  activate: (app: JupyterFrontEnd, _labShell: ILabShell | null): void => {
    // Do not block application startup on the network request.
    void (async () => {
      let info: IWhoAmI;
      try {
        info = await fetchWhoAmI(app.serviceManager.serverSettings);
      } catch (reason) {
        console.warn(
          `${PLUGIN_ID}: interviewhub/api/whoami unavailable; top bar disabled.`,
          reason
        );
        return;
      }
      if (document.getElementById(TOPBAR_ID)) {
        return;
      }
      const widget = createTopBar(info);
      document.body.dataset.ihRole = String(info.role ?? '');
      app.shell.add(widget, 'top', { rank: 1000 });
    })();
  }
};

export default [plugin, liveRoomPlugin, problemsPlugin, sharedTrustPlugin, historyPlugin];
