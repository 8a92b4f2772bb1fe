/**
 * The page that trains a character language model in the reader's browser (book/live.ts writes its
 * HTML): start/stop, a live loss curve (plotly, the book's offline bundle), samples at the slider's
 * temperature, steps per second, and a note of what runs. The training runs in a Web Worker
 * (train-lm.worker.ts, inlined here as text and started from a blob: URL, which a page opened from
 * the file system may do). `window.rnnlabLm` holds what the page received, for tests and the curious.
 */
import { FromWorker, ToWorker } from './messages';
import { BROWSER_LM } from './settings';

/** The worker's bundle, put in as text by the bundler (book/browser/bundle.ts). */
declare const RNNLAB_LM_WORKER: string;

/** The few plotly.js calls the page makes (assets/plotly.min.js, loaded by the page). */
interface PlotlyApi {
  newPlot(el: HTMLElement, data: object[], layout: object, config: object): Promise<unknown>;
  extendTraces(el: HTMLElement, update: { x: number[][]; y: number[][] }, traces: number[]): Promise<unknown>;
  relayout(el: HTMLElement, update: object): Promise<unknown>;
}
declare const Plotly: PlotlyApi;

/** Everything the page received from its worker. */
interface PageState {
  ready?: Extract<FromWorker, { type: 'ready' }>;
  /** Every step's loss, in order. */
  losses: number[];
  /** Training seconds so far (the steps' own time, as the worker measured it). */
  seconds: number;
  /** Steps in each slice of training the worker reported. */
  slices: number[];
  /** Validation losses, after `steps` steps. */
  validation: { steps: number; loss: number }[];
  samples: { text: string; temperature: number; steps: number }[];
  errors: string[];
  running: boolean;
  /** Whether the page is cross-origin isolated (then the engine may share its memory with workers). */
  isolated: boolean;
  /** The browser's logical processors (navigator.hardwareConcurrency). */
  cores: number;
  /** The threads asked of the engine: min(BROWSER_LM.maxThreads, cores) when isolated, else 1. */
  threads: number;
}

/** Mean of the last `n` losses: the curve's smoothed line. */
const SMOOTH = 50;

function element<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`train-in-browser: the page has no #${id}`);
  return el as T;
}

function main(plotly: PlotlyApi): void {
  const isolated = self.crossOriginIsolated;
  const cores = navigator.hardwareConcurrency;
  const threads = isolated ? Math.min(BROWSER_LM.maxThreads, cores) : 1;
  const state: PageState = {
    losses: [],
    seconds: 0,
    slices: [],
    validation: [],
    samples: [],
    errors: [],
    running: false,
    isolated,
    cores,
    threads,
  };
  Object.assign(window, { rnnlabLm: state });
  const start = element<HTMLButtonElement>('lm-start');
  const stop = element<HTMLButtonElement>('lm-stop');
  const slider = element<HTMLInputElement>('lm-temperature');
  const temperatureOut = element<HTMLOutputElement>('lm-temperature-value');
  const curve = element<HTMLDivElement>('lm-curve');
  const note = element<HTMLParagraphElement>('lm-note');
  const status = element<HTMLSpanElement>('lm-status');
  const sampleOut = element<HTMLPreElement>('lm-sample');
  const corpusText = JSON.parse(element<HTMLScriptElement>('lm-corpus').textContent ?? '""') as string;

  let worker: Worker | undefined;
  let lastSampleAt = 0;
  const send = (m: ToWorker): void => worker?.postMessage(m);
  const temperature = (): number => Number(slider.value);
  const show = (): void => {
    temperatureOut.textContent = temperature().toFixed(2);
  };

  const onMessage = (m: FromWorker): void => {
    if (m.type === 'ready') {
      state.ready = m;
      const n = (x: number): string => x.toLocaleString('en');
      note.textContent =
        `Running: a one-layer LSTM (embedding ${BROWSER_LM.embedDim}, ${BROWSER_LM.numHiddens} units, ` +
        `${n(m.numParams)} parameters) over the ${m.vocabSize} characters of The Time Machine, trained on ` +
        `its first ${n(m.trainCharacters)} characters and validated on the last ${n(m.characters - m.trainCharacters)}, ` +
        `batch ${BROWSER_LM.batchSize} × ${BROWSER_LM.numSteps}, on ` +
        m.engine.replace(/^rnnlab engine: /, 'rnnlab’s engine: ') +
        (isolated ? '.' : ' — one thread, as this page is not cross-origin isolated.');
      const bigram = m.baselines.bigram;
      void plotly.relayout(curve, {
        shapes: [
          {
            type: 'line',
            xref: 'paper',
            x0: 0,
            x1: 1,
            y0: bigram,
            y1: bigram,
            line: { dash: 'dash', color: '#888' },
          },
        ],
        annotations: [
          {
            xref: 'paper',
            x: 0,
            xanchor: 'left',
            y: bigram,
            yanchor: 'bottom',
            text: `counting pairs (bigram), validation: ${bigram.toFixed(3)}`,
            showarrow: false,
            font: { color: '#666', size: 11 },
          },
        ],
      });
      send({ type: 'start' });
    } else if (m.type === 'progress') {
      const first = state.losses.length;
      state.losses.push(...m.losses);
      state.seconds = m.seconds;
      state.slices.push(m.losses.length);
      const x = m.losses.map((_, i) => first + i + 1);
      const smooth = x.map((s) => {
        const tail = state.losses.slice(Math.max(0, s - SMOOTH), s);
        return tail.reduce((a, b) => a + b, 0) / tail.length;
      });
      void plotly.extendTraces(curve, { x: [x, x], y: [m.losses, smooth] }, [0, 1]);
      const v = state.validation[state.validation.length - 1];
      status.textContent =
        `step ${m.steps} · training loss ${smooth[smooth.length - 1]!.toFixed(3)} (mean of the last ${SMOOTH})` +
        (v ? ` · validation loss ${v.loss.toFixed(3)} at step ${v.steps}` : '') +
        ` · ${(m.steps / m.seconds).toFixed(1)} steps/s`;
      if (m.seconds - lastSampleAt >= BROWSER_LM.sampleEvery) {
        lastSampleAt = m.seconds;
        send({ type: 'sample', temperature: temperature() });
      }
    } else if (m.type === 'validation') {
      state.validation.push({ steps: m.steps, loss: m.loss });
      void plotly.extendTraces(curve, { x: [[m.steps]], y: [[m.loss]] }, [2]);
    } else if (m.type === 'sample') {
      state.samples.push({ text: m.text, temperature: m.temperature, steps: m.steps });
      sampleOut.textContent = m.text;
      element('lm-sample-caption').textContent =
        `Sample after ${m.steps} steps at temperature ${m.temperature.toFixed(2)}:`;
    } else if (m.type === 'stopped') {
      state.running = false;
      start.textContent = 'Continue training';
      start.disabled = false;
      stop.disabled = true;
      send({ type: 'sample', temperature: temperature() });
    } else {
      state.errors.push(m.message);
      state.running = false;
      status.textContent = `error: ${m.message}`;
      console.error(`train-in-browser: ${m.message}`);
    }
  };

  start.addEventListener('click', () => {
    state.running = true;
    start.disabled = true;
    stop.disabled = false;
    if (worker !== undefined) return send({ type: 'start' });
    status.textContent = 'building the model…';
    const url = URL.createObjectURL(new Blob([RNNLAB_LM_WORKER], { type: 'text/javascript' }));
    worker = new Worker(url);
    worker.onmessage = (e: MessageEvent<FromWorker>) => {
      if (e.data.type === 'ready') URL.revokeObjectURL(url);
      onMessage(e.data);
    };
    worker.onerror = (e) => onMessage({ type: 'error', message: e.message });
    send({ type: 'init', text: corpusText, threads });
  });
  stop.addEventListener('click', () => send({ type: 'stop' }));
  slider.addEventListener('input', show);
  slider.addEventListener('change', () => {
    if (state.ready) send({ type: 'sample', temperature: temperature() });
  });
  show();
  const line = (name: string, color: string, width: number): object => ({
    name,
    x: [],
    y: [],
    mode: 'lines',
    line: { color, width },
  });
  void plotly.newPlot(
    curve,
    [
      line('loss of each batch', '#b9c7e0', 1),
      line(`mean of the last ${SMOOTH}`, '#1f4e9c', 2),
      { ...line('validation (held-out text)', '#d9480f', 2), mode: 'lines+markers' },
    ],
    {
      margin: { l: 55, r: 10, t: 10, b: 45 },
      xaxis: { title: { text: 'step' } },
      yaxis: { title: { text: 'cross-entropy (nats per character)' } },
      legend: { x: 1, xanchor: 'right', y: 1 },
      height: 320,
    },
    { displayModeBar: false, responsive: true },
  );
}

main(Plotly);
