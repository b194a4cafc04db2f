import { unzipSync } from 'fflate';
import type { Parsed } from '../core/types.js';
import { PickleError, PyGlobal, unpickle } from './pickle.js';

/** One tensor of a PyTorch state_dict, as float32 (row-major, C order). */
export interface TorchTensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

interface StorageRef {
  readonly kind: 'storage';
  readonly dtype: string; // e.g. FloatStorage
  readonly key: string;
}

interface TensorRef {
  readonly kind: 'tensor';
  readonly storage: StorageRef;
  readonly offset: number;
  readonly size: readonly number[];
  readonly stride: readonly number[];
}

const BYTES: Record<string, number> = { FloatStorage: 4, DoubleStorage: 8 };

/**
 * Reads a `torch.save(state_dict)` file (the zip format since PyTorch 1.6): `<prefix>/data.pkl`
 * pickles an OrderedDict of name → torch._utils._rebuild_tensor_v2(storage, offset, size,
 * stride, …), each storage a persistent id ('storage', torch.FloatStorage, key, device, numel)
 * whose bytes are `<prefix>/data/<key>`, raw little-endian. Float and double storages are
 * supported (returned as float32).
 */
export function readTorchStateDict(pth: Uint8Array): Parsed<Map<string, TorchTensor>> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(pth);
  } catch (e) {
    return { ok: false, error: `policy.pth is not a PyTorch zip (${(e as Error).message})` };
  }
  const pklName = Object.keys(files).find((n) => n === 'data.pkl' || n.endsWith('/data.pkl'));
  if (!pklName)
    return { ok: false, error: 'policy.pth has no data.pkl (saved with a PyTorch older than 1.6?)' };
  const prefix = pklName.slice(0, -'data.pkl'.length);
  const order = files[`${prefix}byteorder`];
  if (order && new TextDecoder().decode(order).trim() !== 'little')
    return { ok: false, error: 'policy.pth stores big-endian tensors, which are not supported' };

  let root: unknown;
  try {
    root = unpickle(files[pklName]!, {
      persistentLoad: (pid) => {
        if (
          !Array.isArray(pid) ||
          pid[0] !== 'storage' ||
          !(pid[1] instanceof PyGlobal) ||
          typeof pid[2] !== 'string'
        )
          throw new PickleError(`unexpected persistent id ${JSON.stringify(pid)}`);
        return { kind: 'storage', dtype: pid[1].name, key: pid[2] } satisfies StorageRef;
      },
      reduce: (fn, args) => {
        const name = fn instanceof PyGlobal ? fn.qualified : '';
        if (name === 'collections.OrderedDict') return new Map();
        if (name === 'torch._utils._rebuild_parameter') return args[0];
        if (name === 'torch._utils._rebuild_tensor_v2' || name === 'torch._utils._rebuild_tensor') {
          const [storage, offset, size, stride] = args;
          if (!isStorage(storage) || typeof offset !== 'number' || !isIntArray(size) || !isIntArray(stride))
            throw new PickleError(`${name} with unexpected arguments`);
          return { kind: 'tensor', storage, offset, size, stride } satisfies TensorRef;
        }
        throw new PickleError(
          `policy.pth calls ${name || 'an unknown function'}, which a plain state_dict never does`,
        );
      },
    });
  } catch (e) {
    if (e instanceof PickleError) return { ok: false, error: `policy.pth: ${e.message}` };
    throw e;
  }
  if (!(root instanceof Map))
    return { ok: false, error: 'policy.pth does not hold a state_dict (an OrderedDict of tensors)' };

  const out = new Map<string, TorchTensor>();
  for (const [name, ref] of root) {
    if (typeof name !== 'string' || !isTensor(ref))
      return { ok: false, error: `policy.pth entry ${String(name)} is not a tensor` };
    const bytes = files[`${prefix}data/${ref.storage.key}`];
    if (!bytes)
      return { ok: false, error: `policy.pth is missing the storage data/${ref.storage.key} of ${name}` };
    const t = gather(ref, bytes);
    if (typeof t === 'string') return { ok: false, error: `policy.pth tensor ${name}: ${t}` };
    out.set(name, t);
  }
  return { ok: true, value: out };
}

function gather(ref: TensorRef, bytes: Uint8Array): TorchTensor | string {
  const width = BYTES[ref.storage.dtype];
  if (!width) return `storage type ${ref.storage.dtype} is not supported (float32/float64 only)`;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = ref.size.reduce((a, b) => a * b, 1);
  const data = new Float32Array(count);
  const index = new Array<number>(ref.size.length).fill(0);
  for (let n = 0; n < count; n++) {
    let at = ref.offset;
    for (let d = 0; d < index.length; d++) at += index[d]! * ref.stride[d]!;
    if ((at + 1) * width > bytes.length) return 'reads past the end of its storage';
    data[n] = width === 4 ? view.getFloat32(at * 4, true) : view.getFloat64(at * 8, true);
    for (let d = index.length - 1; d >= 0; d--) {
      if (++index[d]! < ref.size[d]!) break;
      index[d] = 0;
    }
  }
  return { shape: ref.size, data };
}

function isStorage(v: unknown): v is StorageRef {
  return typeof v === 'object' && v !== null && (v as StorageRef).kind === 'storage';
}

function isTensor(v: unknown): v is TensorRef {
  return typeof v === 'object' && v !== null && (v as TensorRef).kind === 'tensor';
}

function isIntArray(v: unknown): v is number[] {
  return Array.isArray(v) && v.every((x) => Number.isInteger(x));
}
