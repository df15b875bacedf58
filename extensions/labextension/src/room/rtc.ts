/**
 * WebRTC mesh between the room's participants (up to 5), signaled over the room websocket.
 *
 * Whoever (re)joins offers to everyone already online; the others answer. Tracks are set up
 * once as one audio and one video transceiver per peer, so mute, camera, device changes and
 * screen share only swap tracks (`replaceTrack`) and never renegotiate. Mute/camera/screen state
 * travels on a negotiated data channel. When ICE fails or stays disconnected, the caller
 * restarts ICE.
 */
import { RoomConnection } from './connection';

export interface IMediaState {
  audio: boolean;
  video: boolean;
  screen: boolean;
}

export interface IPeerView {
  username: string;
  stream: MediaStream;
  state: RTCPeerConnectionState;
  media: IMediaState;
}

const FINGERPRINT = /a=fingerprint:(\S+ \S+)/;
const RESTART_AFTER_MS = 2500;

function fingerprint(sdp: string | undefined | null): string {
  return (sdp && FINGERPRINT.exec(sdp)?.[1]) || '';
}

class Peer {
  constructor(
    readonly username: string,
    readonly caller: boolean,
    config: RTCConfiguration
  ) {
    this.pc = new RTCPeerConnection(config);
    this.dc = this.pc.createDataChannel('state', { negotiated: true, id: 0 });
  }

  readonly pc: RTCPeerConnection;
  readonly dc: RTCDataChannel;
  readonly stream = new MediaStream();
  media: IMediaState = { audio: true, video: true, screen: false };
  pending: RTCIceCandidateInit[] = [];
  restartTimer = 0;
  closed = false;

  close(): void {
    this.closed = true;
    window.clearTimeout(this.restartTimer);
    this.pc.close();
  }
}

export class Mesh {
  constructor(
    private conn: RoomConnection,
    private me: () => string
  ) {
    conn.on(msg => {
      if (msg.type === 'rtc.offer') {
        void this.onOffer(msg.from, msg.sdp);
      } else if (msg.type === 'rtc.answer') {
        void this.onAnswer(msg.from, msg.sdp);
      } else if (msg.type === 'rtc.ice') {
        void this.onIce(msg.from, msg.candidate);
      }
    });
  }

  config: RTCConfiguration = { iceServers: [] };
  local: MediaStream = new MediaStream();
  camera: MediaStreamTrack | null = null;
  screen: MediaStreamTrack | null = null;
  media: IMediaState = { audio: true, video: true, screen: false };
  /** Called whenever anything a tile shows changed. */
  changed: () => void = () => undefined;

  peers = new Map<string, Peer>();
  /** Offers sent (initial and ICE restarts): track switches must not add any. */
  offersSent = 0;

  /** Ask for camera and microphone; the room works without them (nothing is sent). */
  async startMedia(audioId?: string, videoId?: string): Promise<void> {
    const constraints: MediaStreamConstraints = {
      audio: audioId ? { deviceId: { exact: audioId } } : true,
      video: videoId ? { deviceId: { exact: videoId } } : { width: 640, height: 360 }
    };
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia(constraints);
    } catch (reason) {
      console.warn('interviewhub room: no camera/microphone', reason);
      return;
    }
    const audio = stream.getAudioTracks()[0] ?? null;
    const video = stream.getVideoTracks()[0] ?? null;
    for (const old of this.local.getTracks()) {
      if (old !== this.screen) {
        old.stop();
        this.local.removeTrack(old);
      }
    }
    if (audio) {
      audio.enabled = this.media.audio;
      this.local.addTrack(audio);
    }
    this.camera = video;
    if (video) {
      video.enabled = this.media.video;
      if (!this.screen) {
        this.local.addTrack(video);
      }
    }
    await this.replace('audio', audio);
    if (!this.screen) {
      await this.replace('video', video);
    }
    this.changed();
  }

  track(kind: 'audio' | 'video'): MediaStreamTrack | null {
    if (kind === 'video' && this.screen) {
      return this.screen;
    }
    return kind === 'audio' ? (this.local.getAudioTracks()[0] ?? null) : this.camera;
  }

  setAudio(on: boolean): void {
    this.media.audio = on;
    for (const t of this.local.getAudioTracks()) {
      t.enabled = on;
    }
    this.broadcastState();
  }

  setVideo(on: boolean): void {
    this.media.video = on;
    if (this.camera) {
      this.camera.enabled = on;
    }
    this.broadcastState();
  }

  async shareScreen(): Promise<void> {
    const display = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    const track = display.getVideoTracks()[0];
    this.screen = track;
    track.onended = () => void this.stopScreen();
    if (this.camera) {
      this.local.removeTrack(this.camera);
    }
    this.local.addTrack(track);
    this.media.screen = true;
    await this.replace('video', track);
    this.broadcastState();
  }

  async stopScreen(): Promise<void> {
    if (!this.screen) {
      return;
    }
    const track = this.screen;
    this.screen = null;
    track.onended = null;
    track.stop();
    this.local.removeTrack(track);
    if (this.camera) {
      this.local.addTrack(this.camera);
    }
    this.media.screen = false;
    await this.replace('video', this.camera);
    this.broadcastState();
  }

  /** Everyone online: offer to each (we just (re)joined). */
  callAll(usernames: string[]): void {
    for (const name of usernames) {
      this.call(name);
    }
  }

  call(username: string): void {
    this.drop(username);
    const peer = this.create(username, true);
    for (const kind of ['audio', 'video'] as const) {
      peer.pc.addTransceiver(this.track(kind) ?? kind, {
        direction: 'sendrecv',
        streams: [this.local]
      });
    }
    void this.offer(peer, false);
  }

  /** Restart ICE with this peer now (the caller offers again; the other side asks nothing). */
  restartIce(username: string): boolean {
    const peer = this.peers.get(username);
    if (!peer || !peer.caller) {
      return false;
    }
    void this.offer(peer, true);
    return true;
  }

  drop(username: string): void {
    const peer = this.peers.get(username);
    if (peer) {
      peer.close();
      this.peers.delete(username);
      this.changed();
    }
  }

  dropAll(): void {
    for (const name of [...this.peers.keys()]) {
      this.drop(name);
    }
  }

  views(): IPeerView[] {
    return [...this.peers.values()].map(p => ({
      username: p.username,
      stream: p.stream,
      state: p.pc.connectionState,
      media: p.media
    }));
  }

  /** Inbound video frames decoded from each peer (tests and the connection indicator). */
  async framesDecoded(username: string): Promise<number> {
    const peer = this.peers.get(username);
    if (!peer) {
      return 0;
    }
    let frames = 0;
    (await peer.pc.getStats()).forEach(s => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') {
        frames += s.framesDecoded ?? 0;
      }
    });
    return frames;
  }

  private create(username: string, caller: boolean): Peer {
    const peer = new Peer(username, caller, this.config);
    this.peers.set(username, peer);
    const pc = peer.pc;
    pc.ontrack = event => {
      for (const old of peer.stream.getTracks().filter(t => t.kind === event.track.kind)) {
        peer.stream.removeTrack(old);
      }
      peer.stream.addTrack(event.track);
      this.changed();
    };
    pc.onicecandidate = event => {
      this.conn.send('rtc.ice', {
        to: username,
        candidate: event.candidate ? event.candidate.toJSON() : null
      });
    };
    pc.onconnectionstatechange = () => {
      this.changed();
      this.watch(peer);
    };
    pc.oniceconnectionstatechange = () => this.watch(peer);
    peer.dc.onopen = () => this.sendState(peer);
    peer.dc.onmessage = event => {
      try {
        const m = JSON.parse(String(event.data));
        peer.media = { audio: !!m.audio, video: !!m.video, screen: !!m.screen };
        this.changed();
      } catch {
        /* ignore */
      }
    };
    this.changed();
    return peer;
  }

  /** ICE restart by the caller when the connection fails, or stays disconnected. */
  private watch(peer: Peer): void {
    if (peer.closed || !peer.caller) {
      return;
    }
    const state = peer.pc.iceConnectionState;
    window.clearTimeout(peer.restartTimer);
    if (state === 'failed') {
      void this.offer(peer, true);
    } else if (state === 'disconnected') {
      peer.restartTimer = window.setTimeout(() => {
        if (!peer.closed && peer.pc.iceConnectionState !== 'connected') {
          void this.offer(peer, true);
        }
      }, RESTART_AFTER_MS);
    }
  }

  private async offer(peer: Peer, iceRestart: boolean): Promise<void> {
    if (peer.closed) {
      return;
    }
    const offer = await peer.pc.createOffer({ iceRestart });
    await peer.pc.setLocalDescription(offer);
    this.offersSent++;
    // if the room socket is down, the next welcome calls everyone again
    this.conn.send('rtc.offer', { to: peer.username, sdp: offer.sdp });
  }

  private async onOffer(from: string, sdp: string): Promise<void> {
    let peer = this.peers.get(from);
    if (peer && peer.pc.signalingState === 'have-local-offer') {
      // both offered at once: the lower username's offer wins
      if (this.me() < from) {
        return;
      }
      peer = undefined;
    } else if (peer && fingerprint(peer.pc.remoteDescription?.sdp) !== fingerprint(sdp)) {
      peer = undefined; // a new connection from the other side (they reloaded or rejoined)
    }
    if (!peer) {
      this.drop(from);
      peer = this.create(from, false);
    }
    const pc = peer.pc;
    await pc.setRemoteDescription({ type: 'offer', sdp });
    for (const t of pc.getTransceivers()) {
      const kind = t.receiver.track.kind as 'audio' | 'video';
      if (t.direction !== 'sendrecv') {
        t.direction = 'sendrecv';
      }
      await t.sender.replaceTrack(this.track(kind));
      t.sender.setStreams?.(this.local);
    }
    await this.flush(peer);
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    this.conn.send('rtc.answer', { to: from, sdp: answer.sdp });
  }

  private async onAnswer(from: string, sdp: string): Promise<void> {
    const peer = this.peers.get(from);
    if (!peer || peer.pc.signalingState !== 'have-local-offer') {
      return;
    }
    await peer.pc.setRemoteDescription({ type: 'answer', sdp });
    await this.flush(peer);
  }

  private async onIce(from: string, candidate: RTCIceCandidateInit | null): Promise<void> {
    const peer = this.peers.get(from);
    if (!peer || !candidate) {
      return;
    }
    if (!peer.pc.remoteDescription) {
      peer.pending.push(candidate);
      return;
    }
    try {
      await peer.pc.addIceCandidate(candidate);
    } catch (reason) {
      console.debug('interviewhub room: ICE candidate refused', reason);
    }
  }

  private async flush(peer: Peer): Promise<void> {
    const pending = peer.pending;
    peer.pending = [];
    for (const c of pending) {
      try {
        await peer.pc.addIceCandidate(c);
      } catch {
        /* stale */
      }
    }
  }

  private async replace(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
    for (const peer of this.peers.values()) {
      for (const t of peer.pc.getTransceivers()) {
        if (t.receiver.track.kind === kind && !peer.closed) {
          await t.sender.replaceTrack(track);
        }
      }
    }
  }

  private broadcastState(): void {
    for (const peer of this.peers.values()) {
      this.sendState(peer);
    }
    this.changed();
  }

  private sendState(peer: Peer): void {
    if (peer.dc.readyState === 'open') {
      peer.dc.send(JSON.stringify(this.media));
    }
  }
}
