// A minimal stand-in for the Web Audio graph: records connections, gain automation and
// source starts so tests can assert what the engine asked the browser to do.

export class FakeAudioParam {
  value: number;
  readonly events: { type: string; value: number; time: number }[] = [];

  constructor(value: number) {
    this.value = value;
  }

  cancelScheduledValues(time: number) {
    this.events.push({ type: 'cancel', value: this.value, time });
    return this;
  }

  setValueAtTime(value: number, time: number) {
    this.events.push({ type: 'set', value, time });
    this.value = value;
    return this;
  }

  linearRampToValueAtTime(value: number, time: number) {
    this.events.push({ type: 'ramp', value, time });
    // The fake has no clock of its own: the ramp "arrives" immediately.
    this.value = value;
    return this;
  }
}

export class FakeNode {
  readonly outputs = new Set<FakeNode>();
  disconnected = false;

  constructor(
    readonly kind: string,
    readonly context: FakeAudioContext,
  ) {
    context.nodes.push(this);
  }

  connect(target: FakeNode) {
    this.outputs.add(target);
    this.disconnected = false;
    return target;
  }

  disconnect() {
    this.outputs.clear();
    this.disconnected = true;
  }
}

export class FakeGainNode extends FakeNode {
  readonly gain = new FakeAudioParam(1);
  constructor(context: FakeAudioContext) {
    super('gain', context);
  }
}

export class FakeStereoPannerNode extends FakeNode {
  readonly pan = new FakeAudioParam(0);
  constructor(context: FakeAudioContext) {
    super('panner', context);
  }
}

export class FakeAnalyserNode extends FakeNode {
  fftSize = 2048;
  /** What getFloatTimeDomainData copies out: one value repeated. */
  level = 0;
  constructor(context: FakeAudioContext) {
    super('analyser', context);
  }

  getFloatTimeDomainData(array: Float32Array) {
    array.fill(this.level);
  }
}

export class FakeBufferSourceNode extends FakeNode {
  buffer: { duration: number } | null = null;
  started: { when: number; offset: number } | null = null;
  stopped = false;
  stoppedAt: number | null = null;
  loop = false;
  loopStart = 0;
  loopEnd = 0;
  onended: (() => void) | null = null;

  constructor(context: FakeAudioContext) {
    super('source', context);
  }

  start(when: number, offset: number) {
    this.started = { when, offset };
  }

  stop(when?: number) {
    if (!this.started) throw new Error('InvalidStateError: not started');
    this.stopped = true;
    this.stoppedAt = when ?? null;
  }

  /** The gain node this source feeds (the engine's per-voice crossfade gain). */
  output(): FakeGainNode | undefined {
    return [...this.outputs][0] as FakeGainNode | undefined;
  }
}

export class FakeAudioContext {
  currentTime = 0;
  state: 'suspended' | 'running' | 'closed' = 'suspended';
  readonly nodes: FakeNode[] = [];
  readonly destination: FakeNode;
  /** Duration, in seconds, each successive decodeAudioData call returns. */
  durations: number[] = [];

  constructor() {
    this.destination = new FakeNode('destination', this);
  }

  createGain() {
    return new FakeGainNode(this);
  }

  createStereoPanner() {
    return new FakeStereoPannerNode(this);
  }

  createAnalyser() {
    return new FakeAnalyserNode(this);
  }

  createBufferSource() {
    return new FakeBufferSourceNode(this);
  }

  decodeAudioData(data: ArrayBuffer) {
    const duration = this.durations.shift() ?? data.byteLength;
    return Promise.resolve({ duration });
  }

  resume() {
    this.state = 'running';
    return Promise.resolve();
  }

  close() {
    this.state = 'closed';
    return Promise.resolve();
  }

  sources() {
    return this.nodes.filter((node): node is FakeBufferSourceNode => node.kind === 'source');
  }

  analysers() {
    return this.nodes.filter((node): node is FakeAnalyserNode => node.kind === 'analyser');
  }

  gains() {
    return this.nodes.filter((node): node is FakeGainNode => node.kind === 'gain');
  }

  /** Cast for APIs typed against the DOM: the fake covers what AudioEngine uses. */
  asAudioContext(): AudioContext {
    return this as unknown as AudioContext;
  }
}
