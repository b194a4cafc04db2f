import { useLayoutEffect, useState } from 'react';
import { useStdout } from 'ink';
import { COMPACT } from './layout.js';

export interface TerminalSize {
  readonly columns: number;
  readonly rows: number;
}

/**
 * The terminal's size, updated on 'resize'. Ink 6 re-lays out on resize by itself but does not
 * tell components, and rows are not part of its layout at all, so the layout listens here.
 * A stream without a size (a pipe) reads as 80×24.
 */
export function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState<TerminalSize>(() => readSize(stdout));
  // A layout effect: subscribed during the first commit, so no resize between mount and paint is missed.
  useLayoutEffect(() => {
    const onResize = (): void => {
      const next = readSize(stdout);
      setSize((prev) => (prev.columns === next.columns && prev.rows === next.rows ? prev : next));
    };
    onResize();
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}

function readSize(stdout: NodeJS.WriteStream): TerminalSize {
  return { columns: stdout.columns || COMPACT.columns, rows: stdout.rows || COMPACT.rows };
}
