import type * as TfModule from '@tensorflow/tfjs';

/** The TF.js module type (type-only: importing it at runtime is what loadTf defers). */
export type Tf = typeof TfModule;

export interface TfBackendInfo {
  /** 'tensorflow' (tfjs-node, native libtensorflow) or 'cpu' (pure JS). */
  readonly backend: string;
  readonly native: boolean;
  /** One line for the status bar / log, e.g. "TF.js 4.22.0 cpu backend (@tensorflow/tfjs-node not installed)". */
  readonly detail: string;
}

let loading: Promise<Tf> | null = null;
let info: TfBackendInfo | null = null;

// A variable specifier keeps bundlers and tsc from resolving an optional package that is absent.
const NODE_PACKAGE: string = '@tensorflow/tfjs-node';

/**
 * TF.js, loaded on first use. Importing TF.js costs about half a second, so nothing on the
 * backtest start-up path imports it at module top level: the fast path (FastPolicyNet) needs no
 * TF.js, and training, the TF.js cross-check and `tfModel.ts` come through here.
 *
 * Prefers `@tensorflow/tfjs-node` (an optional dependency: native kernels) and falls back
 * silently to `@tensorflow/tfjs` on the pure-JS cpu backend when it is not installed or fails to
 * load (its native binary missing). Production mode is switched on, which also silences TF.js's
 * "install the node backend" console banner (the engine never writes to the console).
 */
export function loadTf(): Promise<Tf> {
  loading ??= load();
  return loading;
}

/** Which backend is active, or null before loadTf() has finished. */
export function tfBackendInfo(): TfBackendInfo | null {
  return info;
}

async function load(): Promise<Tf> {
  let nodeError: string | null = null;
  try {
    const tf = (await import(NODE_PACKAGE)) as Tf;
    tf.enableProdMode();
    await tf.ready();
    info = {
      backend: tf.getBackend(),
      native: true,
      detail: `TF.js ${tf.version_core} ${tf.getBackend()} backend (tfjs-node)`,
    };
    return tf;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException | null)?.code;
    nodeError =
      code === 'ERR_MODULE_NOT_FOUND'
        ? 'not installed'
        : `failed to load: ${String((e as Error).message).split('\n')[0]}`;
  }
  const tf = await import('@tensorflow/tfjs');
  tf.enableProdMode();
  await tf.setBackend('cpu');
  await tf.ready();
  info = {
    backend: tf.getBackend(),
    native: false,
    detail: `TF.js ${tf.version_core} ${tf.getBackend()} backend (@tensorflow/tfjs-node ${nodeError})`,
  };
  return tf;
}
