/**
 * Registers the interview panel: opens the room websocket, asks for camera and microphone,
 * and puts the panel in the right sidebar, open.
 */
import { ILabShell, JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { PageConfig, URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

import { RoomConnection } from './connection';
import { RoomPanel } from './panel';
import { watchSignals } from '../replay/signals';

const PLUGIN_ID = '@interviewhub/room:live-room';

/** The interview service's scorecard page for this interview (its dashboard without an id). */
export function scorecardUrl(interviewId: number | null): string {
  const hubPrefix = PageConfig.getOption('hubPrefix') || '/hub/';
  const base = hubPrefix.replace(/hub\/?$/, '');
  const service = URLExt.join(base, 'services/interviews/');
  return interviewId ? URLExt.join(service, `interviews/${interviewId}/scorecard`) : service;
}

async function interviewId(settings: ServerConnection.ISettings): Promise<number | null> {
  try {
    const url = URLExt.join(settings.baseUrl, 'interviewhub/api/whoami');
    const response = await ServerConnection.makeRequest(url, { method: 'GET' }, settings);
    if (!response.ok) {
      return null;
    }
    const info = await response.json();
    return typeof info?.interview?.id === 'number' ? info.interview.id : null;
  } catch {
    return null;
  }
}

/** The room's RTCConfiguration (`GET interviewhub/api/ice`); null: none configured or unknown. */
export async function iceConfig(settings: ServerConnection.ISettings): Promise<RTCConfiguration | null> {
  try {
    const url = URLExt.join(settings.baseUrl, 'interviewhub/api/ice');
    const response = await ServerConnection.makeRequest(url, { method: 'GET' }, settings);
    return response.ok ? ((await response.json()) as RTCConfiguration) : null;
  } catch {
    return null;
  }
}

export const liveRoomPlugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description: 'The live interview panel: video, chat, presence, timer, admission and notes.',
  autoStart: true,
  requires: [],
  optional: [ILabShell],
  activate: (app: JupyterFrontEnd, labShell: ILabShell | null): void => {
    const settings = app.serviceManager.serverSettings;
    const conn = new RoomConnection(settings);
    const info = { interviewId: null as number | null, scorecardUrl: scorecardUrl(null) };
    const panel = new RoomPanel(conn, info);
    watchSignals(conn, () => (app.shell.currentWidget as any)?.context?.path ?? null); // replay
    void interviewId(settings).then(id => {
      info.interviewId = id;
      info.scorecardUrl = scorecardUrl(id);
    });
    panel.reveal = () => {
      labShell?.expandRight();
      app.shell.activateById(panel.id);
    };
    let added = false;
    conn.on(msg => {
      // welcomed, or turned away from a full call (the panel says so, and retries)
      if ((msg.type === 'welcome' || (msg.type === 'error' && msg.code === 'room_full')) && !added) {
        added = true;
        app.shell.add(panel, 'right', { rank: 0 });
        // after the layout restorer, which would otherwise collapse the sidebar again
        void app.restored.then(() => panel.reveal());
      }
    });
    panel.startMedia();
    // STUN/TURN as the operator configured them (short-lived TURN credentials), then connect
    void iceConfig(settings).then(config => {
      if (config) {
        panel.mesh.config = config;
      }
      conn.open();
    });
  }
};
