/**
 * The room websocket (docs/room-protocol.md): one per tab, reconnecting with backoff, with the
 * server clock offset measured by ping/pong so every client shows the same timer.
 */
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

export interface IParticipant {
  username: string;
  display_name: string;
  role: string;
  online: boolean;
  active_file: string | null;
  active_cell: string | null;
  typing: boolean;
  hand_raised: boolean;
  last_seen: number;
  admission?: 'waiting' | 'admitted' | 'denied' | 'ended';
}

export interface ITimer {
  status: 'idle' | 'running' | 'paused';
  duration_s: number;
  elapsed_s: number;
  remaining_s: number;
  at: number;
}

export interface IChatMessage {
  seq: number;
  from: string;
  name: string;
  role: string;
  text: string;
  ts: number;
}

export type ServerMessage = { type: string; ts: number; [key: string]: any };
type Listener = (msg: ServerMessage) => void;

/** Close code the server uses for a candidate once the interview ended: no reconnect. */
export const CLOSE_ENDED = 4001;
/** Close code for someone turned away because the call is full: try again now and then. */
export const CLOSE_FULL = 4029;
const FULL_RETRY_MS = 3000;

export class RoomConnection {
  constructor(settings: ServerConnection.ISettings = ServerConnection.makeSettings()) {
    this.url = URLExt.join(settings.wsUrl, 'interviewhub/api/room');
  }

  /** Server clock minus local clock (ms); 0 until the first pong. */
  offsetMs = 0;
  /** Round trip of the best ping (ms), for the offset's accuracy. */
  bestRttMs = Infinity;
  connected = false;
  /** Set once the server said the interview ended for us: no more reconnects. */
  finished = false;

  on(listener: Listener): void {
    this.listeners.push(listener);
  }

  /** Server time now (ms since the epoch), as best known. */
  serverNow(): number {
    return Date.now() + this.offsetMs;
  }

  open(): void {
    if (this.finished) {
      return;
    }
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.onopen = () => {
      this.connected = true;
      this.delay = 500;
      this.bestRttMs = Infinity;
      for (let i = 0; i < 5; i++) {
        window.setTimeout(() => this.send('ping', { t0: Date.now() }), i * 150);
      }
      window.clearInterval(this.pinger);
      this.pinger = window.setInterval(() => this.send('ping', { t0: Date.now() }), 15000);
    };
    ws.onmessage = event => {
      let msg: ServerMessage;
      try {
        msg = JSON.parse(String(event.data));
      } catch {
        return;
      }
      if (msg.type === 'pong') {
        const t1 = Date.now();
        const rtt = t1 - msg.t0;
        if (rtt <= this.bestRttMs) {
          this.bestRttMs = rtt;
          this.offsetMs = msg.ts - (msg.t0 + t1) / 2;
        }
      }
      for (const listener of this.listeners) {
        try {
          listener(msg);
        } catch (reason) {
          console.error('interviewhub room: listener failed', reason);
        }
      }
    };
    ws.onclose = event => {
      if (this.ws !== ws) {
        return;
      }
      this.connected = false;
      window.clearInterval(this.pinger);
      for (const listener of this.listeners) {
        listener({ type: 'socket.closed', ts: Date.now(), code: event.code });
      }
      if (event.code === CLOSE_ENDED || this.finished) {
        this.finished = true;
        return;
      }
      if (event.code === CLOSE_FULL) {
        window.setTimeout(() => this.open(), FULL_RETRY_MS);
        return;
      }
      window.setTimeout(() => this.open(), this.delay);
      this.delay = Math.min(this.delay * 2, 5000);
    };
  }

  /** Send one message; false when the socket is not open (callers retry on the next welcome). */
  send(type: string, fields: Record<string, unknown> = {}): boolean {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) {
      return false;
    }
    this.ws.send(JSON.stringify({ v: 1, type, id: `c-${++this.seq}`, ...fields }));
    return true;
  }

  /** Drop the socket as a network failure would (tests and manual checks); it reconnects. */
  drop(): void {
    this.ws?.close(4000, 'dropped by the client');
  }

  close(): void {
    this.finished = true;
    this.ws?.close();
  }

  private url: string;
  private ws: WebSocket | null = null;
  private listeners: Listener[] = [];
  private delay = 500;
  private seq = 0;
  private pinger = 0;
}
