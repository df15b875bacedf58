/**
 * The interview panel in JupyterLab's right sidebar: video tiles and call controls, the timer,
 * participants with presence (and admission), chat, and the interviewers' private notes.
 *
 * Everything shown comes from the room websocket; the panel only renders it and sends requests.
 * Plain DOM with native controls so every control has an accessible name screen readers and
 * browser tests can find.
 */
import { Widget } from '@lumino/widgets';

import { IChatMessage, IParticipant, ITimer, RoomConnection, ServerMessage } from './connection';
import { Mesh } from './rtc';
import { Overlay } from './overlay';

export const PANEL_ID = 'interviewhub-room-panel';
const STAFF = new Set(['interviewer', 'admin']);
const TYPING_IDLE_MS = 2000;
const NOTES_SAVE_MS = 600;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') {
      node.className = v;
    } else if (k === 'text') {
      node.textContent = v;
    } else {
      node.setAttribute(k, v);
    }
  }
  node.append(...children);
  return node;
}

function button(label: string, cls: string, onClick: () => void): HTMLButtonElement {
  const b = el('button', { type: 'button', class: `ih-btn ${cls}`, 'aria-label': label, text: label });
  b.addEventListener('click', onClick);
  return b;
}

/** Set a toggle button's visible text and accessible name together. */
function relabel(b: HTMLButtonElement, label: string, pressed: boolean): void {
  b.textContent = label;
  b.setAttribute('aria-label', label);
  b.setAttribute('aria-pressed', String(pressed));
}

export function formatClock(seconds: number): string {
  const neg = seconds < 0;
  const s = Math.floor(Math.abs(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = h > 0 ? `${h}:${String(m).padStart(2, '0')}` : String(m);
  return `${neg ? '-' : ''}${mm}:${String(sec).padStart(2, '0')}`;
}

export interface IRoomInfo {
  interviewId: number | null;
  /** Where staff go when the interview ends (the scorecard page of the interview service). */
  scorecardUrl: string;
}

export class RoomPanel extends Widget {
  constructor(
    readonly conn: RoomConnection,
    readonly info: IRoomInfo
  ) {
    super();
    this.id = PANEL_ID;
    this.addClass('ih-room-panel');
    this.title.caption = 'Interview';
    this.title.label = 'Interview';
    this.node.setAttribute('role', 'region');
    this.node.setAttribute('aria-label', 'Interview');
    this.mesh = new Mesh(conn, () => this.me?.username ?? '');
    this.mesh.changed = () => this.renderVideo();
    this.overlay = new Overlay(this);
    this.build();
    conn.on(msg => this.onMessage(msg));
    window.setInterval(() => this.renderTimer(), 250);
    // for tests and debugging in the browser console
    (window as any).interviewhubRoom = this;
  }

  readonly mesh: Mesh;
  /** Open this panel in the sidebar (set by the plugin, which knows the shell). */
  reveal: () => void = () => undefined;
  /** When the latest welcome arrived (local clock, ms): benchmarks time calls from it. */
  welcomeAt = 0;
  readonly overlay: Overlay;
  me: IParticipant | null = null;
  phase = 'waiting';
  timer: ITimer | null = null;
  participants = new Map<string, IParticipant>();
  chat: IChatMessage[] = [];
  typingFrom = new Set<string>();

  get isStaff(): boolean {
    return STAFF.has(this.me?.role ?? '');
  }

  // -- building --------------------------------------------------------------------------
  private build(): void {
    const n = this.node;
    // status line: phase and timer
    this.phaseEl = el('span', { class: 'ih-phase', 'aria-live': 'polite' });
    this.timerEl = el('span', { class: 'ih-timer', role: 'timer', 'aria-label': 'Time left', text: '--:--' });
    n.append(el('div', { class: 'ih-status' }, this.phaseEl, this.timerEl));
    this.fullEl = el('p', { class: 'ih-full', role: 'alert', 'aria-label': 'Room full' });
    this.fullEl.hidden = true;
    n.append(this.fullEl);

    // video
    this.tilesEl = el('div', { class: 'ih-tiles', role: 'list', 'aria-label': 'Video' });
    this.localVideo = el('video', { class: 'ih-video', 'aria-hidden': 'true' });
    this.localVideo.muted = true;
    this.localVideo.autoplay = true;
    this.localVideo.playsInline = true;
    this.localTile = el('figure', { class: 'ih-tile ih-local', role: 'listitem', 'data-username': '' });
    this.localCaption = el('figcaption', { class: 'ih-tile-name' });
    this.localTile.append(this.localVideo, this.localCaption);
    this.tilesEl.append(this.localTile);
    n.append(this.tilesEl);

    // call controls
    this.muteBtn = button('Mute', 'ih-mute', () => {
      this.mesh.setAudio(!this.mesh.media.audio);
      this.renderControls();
    });
    this.camBtn = button('Camera off', 'ih-camera', () => {
      this.mesh.setVideo(!this.mesh.media.video);
      this.renderControls();
    });
    this.screenBtn = button('Share screen', 'ih-screen', () => {
      const p = this.mesh.media.screen ? this.mesh.stopScreen() : this.mesh.shareScreen();
      void p.catch(reason => console.warn('interviewhub room: screen share', reason)).then(() => this.renderControls());
    });
    this.micSel = el('select', { class: 'ih-device', 'aria-label': 'Microphone' });
    this.camSel = el('select', { class: 'ih-device', 'aria-label': 'Camera' });
    const onDevice = () => void this.mesh.startMedia(this.micSel.value, this.camSel.value);
    this.micSel.addEventListener('change', onDevice);
    this.camSel.addEventListener('change', onDevice);
    n.append(
      el('div', { class: 'ih-controls', role: 'toolbar', 'aria-label': 'Call controls' }, this.muteBtn, this.camBtn, this.screenBtn),
      el('div', { class: 'ih-devices' }, this.micSel, this.camSel)
    );

    // interviewer controls
    this.durationIn = el('input', {
      class: 'ih-duration',
      type: 'number',
      min: '1',
      max: '1440',
      value: '45',
      'aria-label': 'Duration in minutes'
    });
    this.startBtn = button('Start interview', 'ih-start', () => this.startInterview());
    this.timerBtn = button('Start timer', 'ih-timer-toggle', () => this.toggleTimer());
    this.extendBtn = button('Add 5 minutes', 'ih-extend', () => this.conn.send('timer.extend', { seconds: 300 }));
    this.endBtn = button('End interview', 'ih-end', () => this.endInterview());
    this.staffEl = el(
      'div',
      { class: 'ih-staff', role: 'group', 'aria-label': 'Interview controls' },
      el('label', { class: 'ih-duration-label' }, 'Minutes ', this.durationIn),
      this.startBtn,
      this.timerBtn,
      this.extendBtn,
      this.endBtn
    );
    n.append(this.staffEl);

    // participants
    this.peopleEl = el('ul', { class: 'ih-people', 'aria-label': 'Participants' });
    n.append(el('h3', { class: 'ih-h', text: 'Participants' }), this.peopleEl);

    // chat
    this.chatLog = el('ol', { class: 'ih-chat-log', role: 'log', 'aria-label': 'Chat history', 'aria-live': 'polite' });
    this.typingEl = el('div', { class: 'ih-typing', 'aria-live': 'polite' });
    this.chatIn = el('input', { class: 'ih-chat-input', type: 'text', maxlength: '4000', 'aria-label': 'Chat message', placeholder: 'Message' });
    const sendBtn = el('button', { type: 'submit', class: 'ih-btn ih-send', 'aria-label': 'Send', text: 'Send' });
    const form = el('form', { class: 'ih-chat-form' }, this.chatIn, sendBtn);
    form.addEventListener('submit', event => {
      event.preventDefault();
      this.sendChat();
    });
    this.chatIn.addEventListener('input', () => this.typing());
    n.append(el('h3', { class: 'ih-h', text: 'Chat' }), this.chatLog, this.typingEl, form);

    // notes (interviewers only)
    this.notesIn = el('textarea', {
      class: 'ih-notes',
      rows: '4',
      'aria-label': 'Private notes (Markdown)',
      placeholder: 'Private notes (Markdown): only interviewers see them'
    });
    this.notesStatus = el('span', { class: 'ih-notes-status', 'aria-live': 'polite' });
    this.notesIn.addEventListener('input', () => this.notesEdited());
    this.notesEl = el(
      'section',
      { class: 'ih-notes-section', 'aria-label': 'Private notes' },
      el('h3', { class: 'ih-h', text: 'Private notes ' }, this.notesStatus),
      this.notesIn
    );
    n.append(this.notesEl);
    this.renderRole();
  }

  // -- messages ----------------------------------------------------------------------------
  private onMessage(msg: ServerMessage): void {
    switch (msg.type) {
      case 'welcome': {
        this.welcomeAt = Date.now();
        this.full = false;
        this.fullEl.hidden = true;
        this.me = msg.you;
        this.phase = msg.phase;
        this.timer = msg.timer;
        this.participants = new Map((msg.participants as IParticipant[]).map(p => [p.username, p]));
        this.chat = msg.chat;
        this.typingFrom.clear();
        this.renderRole();
        this.renderAll();
        if (this.isStaff) {
          this.conn.send('notes.get');
        }
        void this.mediaReady.then(() => {
          const online = [...this.participants.values()].filter(p => p.online && p.username !== this.me?.username);
          this.mesh.callAll(online.map(p => p.username));
        });
        break;
      }
      case 'presence': {
        const p = msg.participant as IParticipant;
        const before = this.participants.get(p.username);
        this.participants.set(p.username, p);
        if (p.username === this.me?.username) {
          this.me = p;
        } else if (before?.online && !p.online) {
          this.mesh.drop(p.username);
          this.typingFrom.delete(p.username);
        }
        this.renderPeople();
        this.renderTyping();
        this.renderVideo();
        this.overlay.update();
        break;
      }
      case 'chat.message':
        this.chat.push(msg.message);
        this.typingFrom.delete(msg.message.from);
        this.appendChat(msg.message);
        this.renderTyping();
        break;
      case 'chat.typing':
        if (msg.from !== this.me?.username) {
          if (msg.typing) {
            this.typingFrom.add(msg.from);
          } else {
            this.typingFrom.delete(msg.from);
          }
          this.renderTyping();
        }
        break;
      case 'timer':
        this.timer = msg.timer;
        this.renderTimer();
        this.renderControls();
        break;
      case 'phase':
        this.phase = msg.phase;
        this.renderPhase();
        this.renderControls();
        this.overlay.update();
        break;
      case 'admission':
        if (this.me) {
          this.me = { ...this.me, admission: msg.status };
        }
        this.overlay.update();
        break;
      case 'ended':
        this.phase = 'ended';
        this.renderPhase();
        this.onEnded();
        break;
      case 'notes':
        if (document.activeElement !== this.notesIn || !this.notesDirty) {
          this.notesIn.value = msg.markdown ?? '';
        }
        this.notesStatus.textContent = msg.updated_at ? 'Saved' : '';
        break;
      case 'error':
        if (msg.code === 'room_full') {
          // turned away: the call already has as many people as it may; the socket retries
          this.full = true;
          this.fullEl.textContent = msg.message;
          this.fullEl.hidden = false;
          this.renderPhase();
          break;
        }
        if (msg.code !== 'rate_limited') {
          console.warn(`interviewhub room: ${msg.for ?? ''} refused: ${msg.code} ${msg.message}`);
        }
        if (msg.for === 'notes.save') {
          this.notesStatus.textContent = 'Not saved: retrying';
          this.scheduleNotesSave();
        }
        break;
      case 'socket.closed':
        this.renderPhase();
        break;
    }
  }

  /** Camera and microphone, asked for once; calls wait for it so offers carry tracks. */
  mediaReady: Promise<void> = Promise.resolve();

  startMedia(): void {
    this.mediaReady = this.mesh.startMedia().then(() => {
      this.localVideo.srcObject = this.mesh.local;
      void this.listDevices();
      this.renderControls();
    });
  }

  private onEnded(): void {
    this.mesh.dropAll();
    for (const t of this.mesh.local.getTracks()) {
      t.stop();
    }
    if (this.isStaff) {
      this.conn.close();
      window.location.assign(this.info.scorecardUrl);
    } else {
      this.conn.finished = true;
      this.overlay.update();
    }
  }

  // -- actions -----------------------------------------------------------------------------
  private sendChat(): void {
    const text = this.chatIn.value.trim();
    if (!text) {
      return;
    }
    if (this.conn.send('chat.send', { text })) {
      this.chatIn.value = '';
      this.stopTyping();
    }
  }

  private typing(): void {
    if (!this.typingSent) {
      this.typingSent = this.conn.send('chat.typing', { typing: true });
    }
    window.clearTimeout(this.typingTimer);
    this.typingTimer = window.setTimeout(() => this.stopTyping(), TYPING_IDLE_MS);
  }

  private stopTyping(): void {
    window.clearTimeout(this.typingTimer);
    if (this.typingSent) {
      this.conn.send('chat.typing', { typing: false });
      this.typingSent = false;
    }
  }

  private startInterview(): void {
    if (this.phase === 'waiting') {
      this.conn.send('phase.set', { phase: 'live' });
    }
    if (this.timer?.status === 'idle' || !this.timer) {
      this.startTimer();
    }
  }

  private startTimer(): void {
    const minutes = Number(this.durationIn.value) || 45;
    this.conn.send('timer.set', { duration_s: Math.max(1, Math.min(1440, minutes)) * 60 });
    this.conn.send('timer.start');
  }

  private toggleTimer(): void {
    const status = this.timer?.status ?? 'idle';
    if (status === 'running') {
      this.conn.send('timer.pause');
    } else if (status === 'paused') {
      this.conn.send('timer.resume');
    } else {
      this.startTimer();
    }
  }

  private endInterview(): void {
    this.conn.send('phase.set', { phase: 'ended' });
  }

  admit(username: string): void {
    this.conn.send('admit', { username });
  }

  deny(username: string): void {
    this.conn.send('deny', { username });
  }

  private notesEdited(): void {
    this.notesDirty = true;
    this.notesStatus.textContent = 'Editing…';
    this.scheduleNotesSave();
  }

  private scheduleNotesSave(): void {
    window.clearTimeout(this.notesTimer);
    this.notesTimer = window.setTimeout(() => {
      if (this.conn.send('notes.save', { markdown: this.notesIn.value })) {
        this.notesDirty = false;
        this.notesStatus.textContent = 'Saving…';
      } else {
        this.scheduleNotesSave();
      }
    }, NOTES_SAVE_MS);
  }

  private async listDevices(): Promise<void> {
    let devices: MediaDeviceInfo[] = [];
    try {
      devices = await navigator.mediaDevices.enumerateDevices();
    } catch {
      return;
    }
    const fill = (sel: HTMLSelectElement, kind: MediaDeviceKind, current: MediaStreamTrack | null) => {
      sel.replaceChildren(
        ...devices
          .filter(d => d.kind === kind)
          .map((d, i) => el('option', { value: d.deviceId, text: d.label || `${kind} ${i + 1}` }))
      );
      const id = current?.getSettings().deviceId;
      if (id) {
        sel.value = id;
      }
    };
    fill(this.micSel, 'audioinput', this.mesh.local.getAudioTracks()[0] ?? null);
    fill(this.camSel, 'videoinput', this.mesh.camera);
  }

  // -- rendering ---------------------------------------------------------------------------
  private renderAll(): void {
    this.renderPhase();
    this.renderTimer();
    this.renderControls();
    this.renderPeople();
    this.renderVideo();
    this.chatLog.replaceChildren();
    for (const m of this.chat) {
      this.appendChat(m);
    }
    this.renderTyping();
    this.overlay.update();
  }

  private renderRole(): void {
    const staff = this.isStaff;
    this.staffEl.hidden = !staff;
    this.notesEl.hidden = !staff;
    this.node.dataset.role = this.me?.role ?? '';
  }

  private renderPhase(): void {
    const text = this.full
      ? 'Room full'
      : this.conn.connected
        ? { waiting: 'Waiting to start', live: 'Live', ended: 'Ended' }[this.phase] ?? this.phase
        : this.conn.finished
          ? 'Ended'
          : 'Reconnecting…';
    this.phaseEl.textContent = text;
    this.node.dataset.phase = this.phase;
    this.node.dataset.full = String(this.full);
    this.node.dataset.connected = String(this.conn.connected && !this.full);
  }

  /** Seconds left as the server sees it now. */
  remaining(): number | null {
    const t = this.timer;
    if (!t || t.status === 'idle') {
      return null;
    }
    if (t.status === 'paused') {
      return t.remaining_s;
    }
    return t.remaining_s - (this.conn.serverNow() - t.at) / 1000;
  }

  private renderTimer(): void {
    if (!this.timerEl) {
      return;
    }
    const left = this.remaining();
    const text = left === null ? '--:--' : formatClock(left);
    if (this.timerEl.textContent !== text) {
      this.timerEl.textContent = text;
    }
    this.timerEl.dataset.status = this.timer?.status ?? 'idle';
    this.timerEl.classList.toggle('ih-overtime', left !== null && left < 0);
  }

  private renderControls(): void {
    const m = this.mesh.media;
    relabel(this.muteBtn, m.audio ? 'Mute' : 'Unmute', !m.audio);
    relabel(this.camBtn, m.video ? 'Camera off' : 'Camera on', !m.video);
    relabel(this.screenBtn, m.screen ? 'Stop sharing' : 'Share screen', m.screen);
    const status = this.timer?.status ?? 'idle';
    relabel(
      this.timerBtn,
      status === 'running' ? 'Pause timer' : status === 'paused' ? 'Resume timer' : 'Start timer',
      status === 'running'
    );
    this.extendBtn.disabled = !this.timer || this.timer.duration_s <= 0;
    this.startBtn.disabled = this.phase !== 'waiting';
    this.endBtn.disabled = this.phase === 'ended';
    this.renderVideo();
  }

  private renderPeople(): void {
    const items = [...this.participants.values()]
      .sort((a, b) => Number(b.online) - Number(a.online) || a.display_name.localeCompare(b.display_name))
      .map(p => {
        const status = p.online ? 'online' : 'offline';
        const li = el('li', { class: `ih-person ih-${status}`, 'data-username': p.username });
        li.append(
          el('span', { class: 'ih-dot', 'aria-hidden': 'true' }),
          el('span', { class: 'ih-person-name', text: p.display_name || p.username }),
          el('span', { class: 'ih-person-role', text: ` ${p.role}` }),
          el('span', { class: 'ih-person-status', text: ` ${status}` })
        );
        if (p.hand_raised) {
          li.append(el('span', { class: 'ih-hand', role: 'img', 'aria-label': 'hand raised', text: ' ✋' }));
        }
        if (p.role === 'candidate' && p.admission) {
          li.append(el('span', { class: 'ih-admission', text: ` ${p.admission}` }));
          if (this.isStaff && p.admission === 'waiting' && this.phase === 'waiting') {
            li.append(
              button(`Admit ${p.display_name || p.username}`, 'ih-admit', () => this.admit(p.username)),
              button(`Deny ${p.display_name || p.username}`, 'ih-deny', () => this.deny(p.username))
            );
          }
        }
        return li;
      });
    this.peopleEl.replaceChildren(...items);
  }

  private appendChat(m: IChatMessage): void {
    const mine = m.from === this.me?.username;
    const time = new Date(m.ts).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    const li = el(
      'li',
      { class: `ih-chat-msg${mine ? ' ih-mine' : ''}`, 'data-seq': String(m.seq) },
      el('span', { class: 'ih-chat-from', text: m.name || m.from }),
      el('time', { class: 'ih-chat-time', text: ` ${time} ` }),
      el('span', { class: 'ih-chat-text', text: m.text })
    );
    this.chatLog.append(li);
    this.chatLog.scrollTop = this.chatLog.scrollHeight;
  }

  private renderTyping(): void {
    const names = [...this.typingFrom]
      .filter(u => this.participants.get(u)?.online !== false)
      .map(u => this.participants.get(u)?.display_name || u);
    this.typingEl.textContent = names.length
      ? `${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} typing…`
      : '';
  }

  private renderVideo(): void {
    if (!this.tilesEl) {
      return;
    }
    const myName = this.me?.display_name || this.me?.username || 'You';
    this.localTile.setAttribute('aria-label', `${myName} (you)`);
    this.localTile.dataset.username = this.me?.username ?? '';
    this.localCaption.textContent = `${myName} (you)${this.mesh.media.audio ? '' : ' · muted'}`;
    this.localTile.classList.toggle('ih-cam-off', !this.mesh.media.video && !this.mesh.media.screen);
    const seen = new Set<string>();
    for (const view of this.mesh.views()) {
      seen.add(view.username);
      let tile = this.tiles.get(view.username);
      if (!tile) {
        const video = el('video', { class: 'ih-video', 'aria-hidden': 'true' });
        video.autoplay = true;
        video.playsInline = true;
        tile = el('figure', { class: 'ih-tile', role: 'listitem', 'data-username': view.username });
        tile.append(
          video,
          el(
            'figcaption',
            { class: 'ih-tile-name' },
            el('span', { class: 'ih-conn', role: 'status' }),
            el('span', { class: 'ih-name' }),
            el('span', { class: 'ih-muted', role: 'img', text: ' muted' })
          )
        );
        this.tiles.set(view.username, tile);
        this.tilesEl.append(tile);
      }
      const video = tile.querySelector('video') as HTMLVideoElement;
      if (video.srcObject !== view.stream) {
        video.srcObject = view.stream;
      }
      const p = this.participants.get(view.username);
      const name = p?.display_name || view.username;
      tile.setAttribute('aria-label', name);
      tile.dataset.state = view.state;
      tile.dataset.muted = String(!view.media.audio);
      tile.dataset.camera = String(view.media.video);
      tile.dataset.screen = String(view.media.screen);
      tile.classList.toggle('ih-cam-off', !view.media.video && !view.media.screen);
      (tile.querySelector('.ih-name') as HTMLElement).textContent = name;
      const conn = tile.querySelector('.ih-conn') as HTMLElement;
      conn.textContent = '●';
      conn.setAttribute('aria-label', `connection ${view.state}`);
      conn.title = `connection ${view.state}`;
      const muted = tile.querySelector('.ih-muted') as HTMLElement;
      muted.hidden = view.media.audio;
      muted.setAttribute('aria-label', `${name} is muted`);
    }
    for (const [name, tile] of this.tiles) {
      if (!seen.has(name)) {
        tile.remove();
        this.tiles.delete(name);
      }
    }
  }

  /** Turned away because the call is full (until a welcome comes). */
  full = false;
  private tiles = new Map<string, HTMLElement>();
  private fullEl!: HTMLElement;
  private typingSent = false;
  private typingTimer = 0;
  private notesTimer = 0;
  private notesDirty = false;
  private phaseEl!: HTMLElement;
  private timerEl!: HTMLElement;
  private tilesEl!: HTMLElement;
  private localTile!: HTMLElement;
  private localCaption!: HTMLElement;
  private localVideo!: HTMLVideoElement;
  private muteBtn!: HTMLButtonElement;
  private camBtn!: HTMLButtonElement;
  private screenBtn!: HTMLButtonElement;
  private micSel!: HTMLSelectElement;
  private camSel!: HTMLSelectElement;
  private durationIn!: HTMLInputElement;
  private startBtn!: HTMLButtonElement;
  private timerBtn!: HTMLButtonElement;
  private extendBtn!: HTMLButtonElement;
  private endBtn!: HTMLButtonElement;
  private staffEl!: HTMLElement;
  private peopleEl!: HTMLElement;
  private chatLog!: HTMLElement;
  private typingEl!: HTMLElement;
  private chatIn!: HTMLInputElement;
  private notesIn!: HTMLTextAreaElement;
  private notesStatus!: HTMLElement;
  private notesEl!: HTMLElement;
}
