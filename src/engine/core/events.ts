import type {
  AgentName,
  Bar,
  FeedStatus,
  Fill,
  OrderIntent,
  SkipReason,
  TradingState,
  Vote,
} from './types.js';

/**
 * Everything the engine reports, as one tagged union. Consumers switch on `type` and end with
 * assertNever, so adding an event breaks the build wherever it is not handled.
 * Events are facts: never mutate one after it is emitted.
 */
export type EngineEvent =
  | { readonly type: 'bar'; readonly ts: number; readonly bar: Bar; readonly closed: boolean }
  | {
      readonly type: 'decision';
      readonly ts: number;
      readonly openTime: number;
      readonly votes: readonly Vote[];
      readonly ensembleTarget: number;
      readonly riskTarget: number;
      readonly riskCodes: readonly SkipReason[];
      readonly position: number;
    }
  | { readonly type: 'order'; readonly ts: number; readonly intent: OrderIntent }
  | { readonly type: 'fill'; readonly ts: number; readonly fill: Fill }
  | {
      readonly type: 'skip';
      readonly ts: number;
      readonly openTime: number;
      readonly reason: SkipReason;
      readonly detail: string;
    }
  | {
      readonly type: 'reject';
      readonly ts: number;
      readonly clientOrderId: string;
      readonly code: number;
      readonly message: string;
    }
  | { readonly type: 'feed'; readonly ts: number; readonly status: FeedStatus; readonly detail: string }
  | { readonly type: 'reconnect'; readonly ts: number; readonly attempt: number; readonly detail: string }
  | {
      readonly type: 'backfill';
      readonly ts: number;
      readonly bars: number;
      readonly from: number;
      readonly to: number;
    }
  | {
      readonly type: 'dataQuality';
      readonly ts: number;
      readonly kind: 'gap' | 'duplicate' | 'outOfOrder' | 'invalid';
      readonly detail: string;
    }
  | { readonly type: 'trading'; readonly ts: number; readonly state: TradingState; readonly detail: string }
  | { readonly type: 'sentiment'; readonly ts: number; readonly detail: string }
  | { readonly type: 'error'; readonly ts: number; readonly message: string };

export type EngineEventType = EngineEvent['type'];

/** Commands go down from the UI/driver to the engine; nothing calls back up. */
export type EngineCommand =
  | { readonly type: 'pause' }
  | { readonly type: 'resume' }
  | { readonly type: 'flatten' }
  | { readonly type: 'rerunSentiment' }
  | { readonly type: 'quit'; readonly keepPosition: boolean }
  // A journal playing on the console (`--journal`): a trading engine ignores these.
  | { readonly type: 'play'; readonly action: 'toggle' | 'step' | 'faster' | 'slower' }
  | { readonly type: 'seek'; readonly bars: number };

export type { AgentName };
