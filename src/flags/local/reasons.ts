import type { FlagReason } from '../flag-source.js';
import type { EvalContext } from './context.js';
import { REASON } from './compile-flag.js';

/** Turns the explanation a flag evaluation left in `ctx` into a reason a person can read. @internal */
export function describeDecision(ctx: EvalContext): FlagReason {
  const index = ctx.conditionIndex;
  switch (ctx.code) {
    case REASON.match: {
      const description = matchedConditionSet(index);
      return index >= 0 ? { code: REASON.match, description, conditionIndex: index } : { code: REASON.match, description };
    }
    case REASON.outOfRollout: {
      const description = 'Matched the conditions but out of the rollout percentage';
      return index >= 0 ? { code: REASON.outOfRollout, description, conditionIndex: index } : { code: REASON.outOfRollout, description };
    }
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

/** Condition sets whose `Matched condition set N` text is made once and kept; flags rarely have more. */
const KEPT_MATCH_TEXTS = 64;
/** The kept texts: the same string for every read that matches there. */
const MATCHED_TEXTS: string[] = [];

function matchedConditionSet(index: number): string {
  if (index >= 0 && index < KEPT_MATCH_TEXTS) return (MATCHED_TEXTS[index] ??= `Matched condition set ${index + 1}`);
  return `Matched condition set ${index + 1}`;
}
