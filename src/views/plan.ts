// plan's outcome: the plan as text (terminal), Markdown (pull requests) or JSON (the saved format),
// after the manifests' warnings on stderr, then where it was saved and commented.
import { renderJson } from '../plan/render-json.js';
import { renderMarkdown } from '../plan/render-markdown.js';
import { renderText } from '../plan/render-text.js';
import type { Plan } from '../plan/types.js';
import type { PlanOutcome } from '../usecases/plan.js';
import { diagnosticsPrinted, join, printed, type Printed, type ViewContext } from './output.js';

export type PlanFormat = 'text' | 'markdown' | 'json';

/** A plan in each format (also what `show` prints for a saved plan). */
export const planRenderers: Record<PlanFormat, (plan: Plan, ctx: ViewContext) => string> = {
  text: (plan, ctx) => renderText(plan, { colour: ctx.colour }),
  markdown: (plan) => renderMarkdown(plan),
  json: (plan) => renderJson(plan),
};

function planView(format: PlanFormat) {
  return (o: PlanOutcome, ctx: ViewContext): Printed => join(
    diagnosticsPrinted(o.diagnostics, ctx),
    printed({ stdout: planRenderers[format](o.plan, ctx) }),
    printed({
      stderr: [
        o.saved ? `Saved the plan to ${o.saved}; apply it with: segment-access apply --plan ${o.saved}\n` : '',
        o.comment ? `Plan comment on pull request #${o.comment.pr}: ${o.comment.action}${o.comment.url ? ` (${o.comment.url})` : ''}\n` : '',
      ].join(''),
    }),
  );
}

export const planViews: Record<PlanFormat, (outcome: PlanOutcome, ctx: ViewContext) => Printed> = {
  text: planView('text'), markdown: planView('markdown'), json: planView('json'),
};
