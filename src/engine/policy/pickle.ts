/**
 * A minimal pickle VM: the opcodes `torch.save` (protocol 2) and Python 3's default protocols
 * 3-4 emit for plain containers, numbers, strings, globals, REDUCE/BUILD and persistent ids. It
 * never executes anything: a GLOBAL becomes a PyGlobal value and REDUCE / NEWOBJ ask the caller's
 * `reduce` hook what a call means (torchState.ts knows OrderedDict and _rebuild_tensor_v2), else
 * record it as an inert PyCall. An opcode outside this set is a one-line error naming it.
 */

export class PyGlobal {
  constructor(
    readonly module: string,
    readonly name: string,
  ) {}
  get qualified(): string {
    return `${this.module}.${this.name}`;
  }
}

/** A call the VM did not interpret: fn(*args), plus the state a later BUILD gave it. */
export class PyCall {
  state: unknown = undefined;
  constructor(
    readonly fn: unknown,
    readonly args: readonly unknown[],
  ) {}
}

/** Tuples and lists are both JS arrays; dicts are Maps (insertion-ordered, like OrderedDict). */
export interface PickleHooks {
  persistentLoad?(pid: unknown): unknown;
  reduce?(fn: unknown, args: readonly unknown[]): unknown;
}

const MARK = Symbol('mark');

const NAMES: Record<number, string> = {
  0x28: 'MARK', 0x2e: 'STOP', 0x30: 'POP', 0x31: 'POP_MARK', 0x32: 'DUP', 0x42: 'BINBYTES', 0x43: 'SHORT_BINBYTES',
  0x46: 'FLOAT', 0x47: 'BINFLOAT', 0x49: 'INT', 0x4a: 'BININT', 0x4b: 'BININT1', 0x4c: 'LONG', 0x4d: 'BININT2',
  0x4e: 'NONE', 0x50: 'PERSID', 0x51: 'BINPERSID', 0x52: 'REDUCE', 0x53: 'STRING', 0x54: 'BINSTRING',
  0x55: 'SHORT_BINSTRING', 0x56: 'UNICODE', 0x58: 'BINUNICODE', 0x5d: 'EMPTY_LIST', 0x61: 'APPEND', 0x62: 'BUILD',
  0x63: 'GLOBAL', 0x64: 'DICT', 0x65: 'APPENDS', 0x67: 'GET', 0x68: 'BINGET', 0x69: 'INST', 0x6a: 'LONG_BINGET',
  0x6c: 'LIST', 0x6f: 'OBJ', 0x70: 'PUT', 0x71: 'BINPUT', 0x72: 'LONG_BINPUT', 0x73: 'SETITEM', 0x74: 'TUPLE',
  0x75: 'SETITEMS', 0x7d: 'EMPTY_DICT', 0x29: 'EMPTY_TUPLE', 0x80: 'PROTO', 0x81: 'NEWOBJ', 0x82: 'EXT1',
  0x85: 'TUPLE1', 0x86: 'TUPLE2', 0x87: 'TUPLE3', 0x88: 'NEWTRUE', 0x89: 'NEWFALSE', 0x8a: 'LONG1', 0x8b: 'LONG4',
  0x8c: 'SHORT_BINUNICODE', 0x8d: 'BINUNICODE8', 0x8e: 'BINBYTES8', 0x8f: 'EMPTY_SET', 0x90: 'ADDITEMS',
  0x91: 'FROZENSET', 0x92: 'NEWOBJ_EX', 0x93: 'STACK_GLOBAL', 0x94: 'MEMOIZE', 0x95: 'FRAME',
}; // prettier-ignore

export class PickleError extends Error {}

export function unpickle(bytes: Uint8Array, hooks: PickleHooks = {}): unknown {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const latin1 = new TextDecoder('latin1');
  const stack: unknown[] = [];
  const memo = new Map<number, unknown>();
  let p = 0;

  const need = (n: number): number => {
    if (p + n > bytes.length) throw new PickleError(`pickle truncated at byte ${p}`);
    const at = p;
    p += n;
    return at;
  };
  const u8 = (): number => bytes[need(1)]!;
  const u16 = (): number => view.getUint16(need(2), true);
  const u32 = (): number => view.getUint32(need(4), true);
  const u64 = (): number => Number(view.getBigUint64(need(8), true));
  const take = (n: number): Uint8Array => bytes.subarray(need(n), p);
  const line = (): string => {
    const end = bytes.indexOf(0x0a, p);
    if (end < 0) throw new PickleError(`pickle truncated at byte ${p}`);
    const s = latin1.decode(bytes.subarray(p, end));
    p = end + 1;
    return s;
  };
  const pop = (): unknown => {
    if (stack.length === 0) throw new PickleError(`pickle stack underflow at byte ${p}`);
    return stack.pop();
  };
  const top = (): unknown => {
    if (stack.length === 0) throw new PickleError(`pickle stack underflow at byte ${p}`);
    return stack[stack.length - 1];
  };
  const popMark = (): unknown[] => {
    const k = stack.lastIndexOf(MARK);
    if (k < 0) throw new PickleError(`pickle MARK missing at byte ${p}`);
    const items = stack.slice(k + 1);
    stack.length = k;
    return items;
  };
  const get = (i: number): unknown => {
    if (!memo.has(i)) throw new PickleError(`pickle memo ${i} undefined at byte ${p}`);
    return memo.get(i);
  };
  const dict = (v: unknown): Map<unknown, unknown> => {
    if (v instanceof Map) return v;
    throw new PickleError(`pickle SETITEM(S) on a non-dict at byte ${p}`);
  };
  const list = (v: unknown): unknown[] => {
    if (Array.isArray(v)) return v;
    throw new PickleError(`pickle APPEND(S) on a non-list at byte ${p}`);
  };
  const call = (fn: unknown, args: unknown): unknown => {
    const a = Array.isArray(args) ? args : [args];
    return hooks.reduce ? hooks.reduce(fn, a) : new PyCall(fn, a);
  };
  const signedLE = (b: Uint8Array): number | bigint => {
    if (b.length === 0) return 0;
    let v = 0n;
    for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
    if (b[b.length - 1]! & 0x80) v -= 1n << BigInt(8 * b.length);
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  };

  for (;;) {
    const at = p;
    const op = u8();
    switch (op) {
      case 0x80:
        u8();
        break; // PROTO
      case 0x95:
        u64();
        break; // FRAME (a length hint)
      case 0x2e:
        return pop(); // STOP
      case 0x28:
        stack.push(MARK);
        break;
      case 0x30:
        pop();
        break; // POP
      case 0x31:
        popMark();
        break; // POP_MARK
      case 0x32:
        stack.push(top());
        break; // DUP
      case 0x4e:
        stack.push(null);
        break;
      case 0x88:
        stack.push(true);
        break;
      case 0x89:
        stack.push(false);
        break;
      case 0x4b:
        stack.push(u8());
        break; // BININT1
      case 0x4d:
        stack.push(u16());
        break; // BININT2
      case 0x4a:
        stack.push(view.getInt32(need(4), true));
        break; // BININT
      case 0x8a:
        stack.push(signedLE(take(u8())));
        break; // LONG1
      case 0x8b:
        stack.push(signedLE(take(u32())));
        break; // LONG4
      case 0x49: {
        // INT (protocol 0; "01"/"00" are True/False)
        const s = line();
        stack.push(s === '01' ? true : s === '00' ? false : Number(s));
        break;
      }
      case 0x47:
        stack.push(view.getFloat64(need(8), false));
        break; // BINFLOAT (big-endian)
      case 0x58:
        stack.push(utf8.decode(take(u32())));
        break; // BINUNICODE
      case 0x8c:
        stack.push(utf8.decode(take(u8())));
        break; // SHORT_BINUNICODE
      case 0x8d:
        stack.push(utf8.decode(take(u64())));
        break; // BINUNICODE8
      case 0x55:
        stack.push(latin1.decode(take(u8())));
        break; // SHORT_BINSTRING
      case 0x54:
        stack.push(latin1.decode(take(u32())));
        break; // BINSTRING
      case 0x43:
        stack.push(take(u8()).slice());
        break; // SHORT_BINBYTES
      case 0x42:
        stack.push(take(u32()).slice());
        break; // BINBYTES
      case 0x8e:
        stack.push(take(u64()).slice());
        break; // BINBYTES8
      case 0x29:
        stack.push([]);
        break; // EMPTY_TUPLE
      case 0x85:
        stack.push([pop()]);
        break; // TUPLE1
      case 0x86: {
        const b = pop();
        const a = pop();
        stack.push([a, b]);
        break;
      } // TUPLE2
      case 0x87: {
        const c = pop();
        const b = pop();
        const a = pop();
        stack.push([a, b, c]);
        break;
      } // TUPLE3
      case 0x74:
        stack.push(popMark());
        break; // TUPLE
      case 0x5d:
        stack.push([]);
        break; // EMPTY_LIST
      case 0x6c:
        stack.push(popMark());
        break; // LIST
      case 0x7d:
        stack.push(new Map());
        break; // EMPTY_DICT
      case 0x64: {
        // DICT
        const items = popMark();
        const m = new Map<unknown, unknown>();
        for (let i = 0; i + 1 < items.length; i += 2) m.set(items[i], items[i + 1]);
        stack.push(m);
        break;
      }
      case 0x73: {
        const v = pop();
        const k = pop();
        dict(top()).set(k, v);
        break;
      } // SETITEM
      case 0x75: {
        // SETITEMS
        const items = popMark();
        const m = dict(top());
        for (let i = 0; i + 1 < items.length; i += 2) m.set(items[i], items[i + 1]);
        break;
      }
      case 0x61: {
        const v = pop();
        list(top()).push(v);
        break;
      } // APPEND
      case 0x65: {
        const items = popMark();
        list(top()).push(...items);
        break;
      } // APPENDS
      case 0x71:
        memo.set(u8(), top());
        break; // BINPUT
      case 0x72:
        memo.set(u32(), top());
        break; // LONG_BINPUT
      case 0x70:
        memo.set(Number(line()), top());
        break; // PUT
      case 0x94:
        memo.set(memo.size, top());
        break; // MEMOIZE
      case 0x68:
        stack.push(get(u8()));
        break; // BINGET
      case 0x6a:
        stack.push(get(u32()));
        break; // LONG_BINGET
      case 0x67:
        stack.push(get(Number(line())));
        break; // GET
      case 0x63: {
        const module = line();
        stack.push(new PyGlobal(module, line()));
        break;
      } // GLOBAL
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string')
          throw new PickleError(`pickle STACK_GLOBAL needs two strings at byte ${at}`);
        stack.push(new PyGlobal(module, name));
        break;
      }
      case 0x52: {
        const args = pop();
        stack.push(call(pop(), args));
        break;
      } // REDUCE
      case 0x81: {
        const args = pop();
        stack.push(call(pop(), args));
        break;
      } // NEWOBJ: cls.__new__(cls, *args)
      case 0x62: {
        // BUILD: obj.__setstate__(state); containers ignore it (torch stores _metadata there)
        const state = pop();
        const obj = top();
        if (obj instanceof PyCall) obj.state = state;
        break;
      }
      case 0x51: {
        // BINPERSID
        const pid = pop();
        if (!hooks.persistentLoad)
          throw new PickleError(`pickle has a persistent id but no loader was given (byte ${at})`);
        stack.push(hooks.persistentLoad(pid));
        break;
      }
      default: {
        const name = NAMES[op] ?? 'unknown';
        throw new PickleError(
          `unsupported pickle opcode ${name} (0x${op.toString(16).padStart(2, '0')}) at byte ${at}`,
        );
      }
    }
  }
}
