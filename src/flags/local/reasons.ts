import type { FlagReason } from '../flag-source.js';
import type { EvalContext } from './context.js';
import { REASON } from './compile-flag.js';

/** Turns the explanation a flag evaluation left in `ctx` into a reason a person can read. @internal */
export function describeDecision(ctx: EvalContext): FlagReason {
  const index = ctx.conditionIndex;
  const at = index >= 0 ? { conditionIndex: index } : {};
  switch (ctx.code) {
    case REASON.match:
      return { code: REASON.match, description: `Matched condition set ${index + 1}`, ...at };
    case REASON.outOfRollout:
      return { code: REASON.outOfRollout, description: 'Matched the conditions but out of the rollout percentage', ...at };
    case REASON.disabled:
      return { code: REASON.disabled, description: 'The flag is disabled or deleted' };
    case REASON.enrollment:
      return { code: REASON.enrollment, description: 'Decided by early-access enrollment' };
    case REASON.holdout:
      return { code: REASON.holdout, description: 'In the holdout group' };
    case REASON.noGroup:
      return { code: REASON.noMatch, description: `No matching condition set: ${ctx.note}` };
    default:
      return {
        code: REASON.noMatch,
        description: ctx.miss !== '' ? `No matching condition set (${ctx.miss} did not match)` : 'No matching condition set',
      };
  }
}
